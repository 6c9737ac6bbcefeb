package cn.tongban.hub.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class MessageIdsTest {

    @Test
    void anIdIsAVersion7UuidInTheFormTepMessagesCarry() {
        String id = MessageIds.next();
        UUID u = UUID.fromString(id);
        assertThat(u.version()).isEqualTo(7);
        assertThat(u.variant()).isEqualTo(2); // RFC 9562's variant
        assertThat(u.toString()).isEqualTo(id); // lower case, 36 characters: what MessageParser keys on
        assertThat(id).hasSize(36);
    }

    @Test
    void itsFirst48BitsAreTheTimeItWasMade() {
        long before = System.currentTimeMillis();
        UUID u = UUID.fromString(MessageIds.next());
        long after = System.currentTimeMillis();
        assertThat(u.getMostSignificantBits() >>> 16).isBetween(before, after);
    }

    /** What the stores' indexes gain: each id sorts after the one made before it, also within one millisecond. */
    @Test
    void idsMadeOneAfterAnotherAreUniqueAndInOrder() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            ids.add(MessageIds.next());
        }
        assertThat(new HashSet<>(ids)).hasSize(ids.size());
        assertThat(ids).isSorted();
    }
}
