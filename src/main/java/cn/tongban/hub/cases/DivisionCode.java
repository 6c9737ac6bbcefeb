package cn.tongban.hub.cases;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Administrative division code (GB/T 2260): {@code pp0000} province, {@code ppcc00} prefecture,
 * {@code ppccdd} county. Codes change over time, so they are checked against the dated list
 * {@code divisions.csv}: a region named in a case must be {@linkplain #isCurrent current}; an address code inside
 * an identity number may be retired ({@link ResidentIdNumber} does not look it up).
 */
public final class DivisionCode {
    private static final Pattern PATTERN = Pattern.compile("[1-9][0-9]{5}");
    private static final String RESOURCE = "/divisions.csv";
    private static final String HEADER = "code,name,english,from,until,successor";
    private static final Map<String, List<Entry>> LIST = load();

    /** One period of a code: in force from {@code from} (null: since before any case) until the day before {@code until} (null: current). */
    public record Entry(String code, String name, String english, LocalDate from, LocalDate until, String successor) {
        public boolean inForceOn(LocalDate day) {
            return (from == null || !day.isBefore(from)) && (until == null || day.isBefore(until));
        }
    }

    private DivisionCode() {
    }

    /** Shaped like a division code (not looked up). */
    public static boolean isValid(String code) {
        return problem(code) == null;
    }

    /** Why {@code code} is not shaped like a division code, or null. */
    public static String problem(String code) {
        if (code == null || code.isEmpty()) {
            return "missing division code";
        }
        if (!PATTERN.matcher(code).matches()) {
            return "a division code is 6 digits, the first not 0";
        }
        if (code.startsWith("00", 2) && !code.startsWith("00", 4)) {
            return "a county part (digits 5-6) needs a prefecture part (digits 3-4)";
        }
        return null;
    }

    /** On the list at any date, retired or not. */
    public static boolean isKnown(String code) {
        return code != null && LIST.containsKey(code);
    }

    /** On the list and in force on {@code day}. */
    public static boolean isCurrent(String code, LocalDate day) {
        return code != null && LIST.getOrDefault(code, List.of()).stream().anyMatch(e -> e.inForceOn(day));
    }

    /** The list's periods of {@code code}, oldest first. */
    public static List<Entry> entries(String code) {
        return LIST.getOrDefault(code, List.of());
    }

    /** The period of {@code code} in force on {@code day}. */
    public static Optional<Entry> entry(String code, LocalDate day) {
        return entries(code).stream().filter(e -> e.inForceOn(day)).findFirst();
    }

    /** Whether division {@code inner} lies within {@code outer} by its code (a county in its prefecture or province). */
    public static boolean contains(String outer, String inner) {
        if (!isValid(outer) || !isValid(inner) || outer.equals(inner)) {
            return false;
        }
        String prefix = outer.endsWith("0000") ? outer.substring(0, 2) : outer.endsWith("00") ? outer.substring(0, 4) : outer;
        return prefix.length() < 6 && inner.startsWith(prefix);
    }

    private static Map<String, List<Entry>> load() {
        try (InputStream in = DivisionCode.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " missing from the classpath");
            }
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a list in the form of {@code divisions.csv}, refusing any malformed or inconsistent line. */
    static Map<String, List<Entry>> parse(Reader reader) throws IOException {
        Map<String, List<Entry>> list = new LinkedHashMap<>();
        BufferedReader lines = new BufferedReader(reader);
        boolean header = false;
        int number = 0;
        for (String line; (line = lines.readLine()) != null; ) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (!header) {
                if (!line.equals(HEADER)) {
                    throw new IllegalArgumentException("divisions line " + number + ": header " + HEADER + " expected");
                }
                header = true;
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != 6) {
                throw new IllegalArgumentException("divisions line " + number + ": 6 fields expected");
            }
            String problem = problem(f[0]);
            if (problem != null || f[1].isBlank() || !(f[5].isEmpty() || isValid(f[5]))) {
                throw new IllegalArgumentException("divisions line " + number + ": bad code, name or successor");
            }
            Entry e;
            try {
                e = new Entry(f[0], f[1], f[2], date(f[3]), date(f[4]), f[5].isEmpty() ? null : f[5]);
            } catch (DateTimeException ex) {
                throw new IllegalArgumentException("divisions line " + number + ": dates are YYYY-MM-DD", ex);
            }
            if (e.from() != null && e.until() != null && !e.from().isBefore(e.until())) {
                throw new IllegalArgumentException("divisions line " + number + ": from must come before until");
            }
            if (e.successor() != null && e.until() == null) {
                throw new IllegalArgumentException("divisions line " + number + ": only a retired code has a successor");
            }
            List<Entry> periods = list.computeIfAbsent(e.code(), c -> new ArrayList<>());
            for (Entry other : periods) {
                if (overlap(other, e)) {
                    throw new IllegalArgumentException("divisions line " + number + ": overlaps another period of " + e.code());
                }
            }
            periods.add(e);
        }
        if (!header) {
            throw new IllegalArgumentException("divisions: no header");
        }
        for (List<Entry> periods : list.values()) {
            for (Entry e : periods) {
                if (e.successor() != null && !list.containsKey(e.successor())) {
                    throw new IllegalArgumentException("divisions: successor of " + e.code() + " not on the list");
                }
            }
            periods.sort(Comparator.comparing(Entry::from, Comparator.nullsFirst(Comparator.naturalOrder())));
        }
        list.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(list);
    }

    private static LocalDate date(String s) {
        return s.isEmpty() ? null : LocalDate.parse(s);
    }

    private static boolean overlap(Entry a, Entry b) {
        boolean aEndsBeforeB = a.until() != null && b.from() != null && !a.until().isAfter(b.from());
        boolean bEndsBeforeA = b.until() != null && a.from() != null && !b.until().isAfter(a.from());
        return !aEndsBeforeB && !bEndsBeforeA;
    }
}
