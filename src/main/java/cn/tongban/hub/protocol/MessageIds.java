package cn.tongban.hub.protocol;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

/**
 * The ids this hub gives its messages and conversations: UUIDs of RFC 9562's version 7, whose first 48 bits are
 * the Unix time in milliseconds and the rest random (74 bits; within one millisecond the generator counts up
 * from its random start, so ids it makes are in order). TEP-1 §2 asks only for a UUID unique per sender node.
 *
 * <p>Why not version 4: each hub keys its stores on the id (the receiver on the sender's node and the id, the
 * sender on the id). Random keys put every insert into a random page of those indexes, which on a store larger
 * than its cache is read back from the file before it can be changed, and every commit then rewrites as many
 * index pages as it inserted messages. Ids that grow with time go to the index's right edge, the same page for
 * the messages of one commit (docs/benchmarks.md, "25 November, afternoon"). The time in an id says when it was
 * made, as a message's {@code iat} does already; nothing reads it back.
 */
public final class MessageIds {
    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private MessageIds() {
    }

    /** A fresh id, in the 36-character form TEP-1 messages carry. */
    public static String next() {
        return GENERATOR.generate().toString();
    }
}
