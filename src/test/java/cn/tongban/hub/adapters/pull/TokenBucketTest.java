package cn.tongban.hub.adapters.pull;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The rate limit counted on a fake clock: no assertion depends on how fast this machine is. */
class TokenBucketTest {
    final AtomicLong now = new AtomicLong(123_456_789L);
    final List<Long> sleeps = new ArrayList<>();

    private TokenBucket bucket(double perSecond, double burst) {
        return new TokenBucket(perSecond, burst, now::get, n -> {
            sleeps.add(n);
            now.addAndGet(n);
        });
    }

    @Test
    void tenASecondSpacesAcquisitionsATenthOfASecondApart() throws Exception {
        TokenBucket b = bucket(10, 1);
        for (int i = 0; i < 50; i++) {
            b.acquire();
        }
        assertThat(b.waits()).isEqualTo(49);
        assertThat(sleeps).containsOnly(100_000_000L);
        assertThat(b.waitedNanos()).isEqualTo(4_900_000_000L);
    }

    @Test
    void timeThatPassedAnywayIsNotWaitedAgain() throws Exception {
        TokenBucket b = bucket(2, 1);
        b.acquire();
        now.addAndGet(300_000_000L); // 0.3 s of work: 0.2 s are left to wait
        b.acquire();
        now.addAndGet(2_000_000_000L); // a slow record: the next one goes at once
        b.acquire();
        assertThat(sleeps).containsExactly(200_000_000L);
    }

    @Test
    void aBurstGoesAtOnceThenTheRateHolds() throws Exception {
        TokenBucket b = bucket(4, 3);
        for (int i = 0; i < 7; i++) {
            b.acquire();
        }
        assertThat(b.waits()).isEqualTo(4);
        assertThat(sleeps).containsOnly(250_000_000L);
    }

    @Test
    void anOddRateWaitsOncePerToken() throws Exception {
        TokenBucket b = bucket(3, 1);
        for (int i = 0; i < 301; i++) {
            b.acquire();
        }
        assertThat(b.waits()).isEqualTo(300);
        assertThat(sleeps).containsOnly(333_333_334L);
    }

    @Test
    void zeroMeansNoLimit() throws Exception {
        TokenBucket b = bucket(0, 1);
        for (int i = 0; i < 1000; i++) {
            b.acquire();
        }
        assertThat(b.waits()).isZero();
        assertThat(sleeps).isEmpty();
    }
}
