package cn.tongban.hub.app;

import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;

import cn.tongban.hub.cases.PersonalData;

/**
 * The logs' safety net for personal data (shared/DOMAIN.md: never log an ID number unmasked): every line the
 * console and file appenders of {@code logback-spring.xml} write is formatted by the pattern as usual, then
 * anything shaped like a resident ID number in it (message, stack trace, thread name, MDC alike) is masked as
 * {@code 110105********002X}. The code masks at the source ({@link PersonalData}); this catches what it missed,
 * such as a third-party library logging a request. Names have no shape to recognise: only the source can mask them.
 */
public class MaskingPatternLayout extends PatternLayout {
    private static final AtomicLong MASKED_LINES = new AtomicLong();

    @Override
    public String doLayout(ILoggingEvent event) {
        String line = super.doLayout(event);
        String masked = PersonalData.maskIdNumbersIn(line);
        if (masked != line) {
            MASKED_LINES.incrementAndGet();
        }
        return masked;
    }

    /** Lines in which this JVM's logs had something masked by the net (tests report it). */
    public static long maskedLines() {
        return MASKED_LINES.get();
    }
}
