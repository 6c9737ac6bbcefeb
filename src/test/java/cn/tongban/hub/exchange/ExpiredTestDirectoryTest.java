package cn.tongban.hub.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cn.tongban.hub.directory.Directory;

/**
 * The committed test federation's directory lives 7 days; a hub given the test directory signer's key
 * (as the default configuration does) re-signs an expired one as the next version, so that the README's run
 * command works on any date. Without the key, an expired directory is refused.
 */
class ExpiredTestDirectoryTest {
    @TempDir
    Path tmp;

    @Test
    void anExpiredTestDirectoryIsReSignedAsTheNextVersionOnlyWithTheSignersKey() throws Exception {
        LoopbackFederation f = LoopbackFederation.create(tmp.resolve("federation"), "370000", "130000");
        String eightDaysOn = OffsetDateTime.now(ZoneOffset.ofHours(8)).plusDays(8).withNano(0).toString();
        try (HubFixture withKey = f.hub("370000", tmp.resolve("data-a"))
                .set("test.fixed-clock", eightDaysOn).withSource(FixedClock.class)
                .set("tongban.directory.signer-key", f.dir.resolve("directory.key").toString())
                .set("tongban.directory.signer-certificate", f.dir.resolve("directory.chain.pem").toString())
                .start()) {
            Directory d = withKey.bean(DirectoryService.class).current().orElseThrow();
            assertThat(d.version()).isEqualTo(2);
            assertThat(d.header().exp().toInstant()).isAfter(OffsetDateTime.parse(eightDaysOn).toInstant());
            assertThat(d.nodes()).containsKeys("370000", "130000");
        }
        try (HubFixture withoutKey = f.hub("130000", tmp.resolve("data-b"))
                .set("test.fixed-clock", eightDaysOn).withSource(FixedClock.class).start()) {
            assertThat(withoutKey.bean(DirectoryService.class).current()).isEmpty();
        }
    }
}
