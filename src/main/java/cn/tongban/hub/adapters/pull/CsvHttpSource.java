package cn.tongban.hub.adapters.pull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * A legacy system's CSV export, fetched over HTTP with one GET per run and parsed with Commons CSV (RFC 4180).
 * The header must name exactly the layout's columns. A row with the wrong number of fields is reported as
 * malformed; so is a row the parser cannot read (a stray quote), after which parsing starts again on the next
 * line — which is why the export is held whole rather than streamed.
 */
public class CsvHttpSource implements RecordSource {
    private static final Pattern CHARSET = Pattern.compile("(?i)charset=\"?([A-Za-z0-9._:-]+)");

    private final URI url;
    private final Charset defaultCharset;
    private final Duration timeout;
    private final long maxBytes;
    private final String keyColumn;
    private final HttpClient http;

    public CsvHttpSource(URI url, Charset defaultCharset, Duration timeout, long maxBytes, String keyColumn) {
        this.url = url;
        this.defaultCharset = defaultCharset;
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.keyColumn = keyColumn.toLowerCase(Locale.ROOT);
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    @Override
    public Cursor open(String checkpoint) {
        return new CsvCursor(fetch(), keyColumn);
    }

    private String fetch() {
        HttpResponse<InputStream> r;
        try {
            r = http.send(HttpRequest.newBuilder(url).timeout(timeout).header("Accept", "text/csv").GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new SourceFailure("the export at " + url + " did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceFailure("interrupted while fetching " + url, e);
        }
        try (InputStream in = r.body()) {
            if (r.statusCode() != 200) {
                throw new SourceFailure("the export at " + url + " answered HTTP " + r.statusCode());
            }
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] chunk = new byte[65536];
            for (int n; (n = in.read(chunk)) >= 0; ) {
                buf.write(chunk, 0, n);
                if (buf.size() > maxBytes) {
                    throw new SourceFailure("the export at " + url + " is larger than " + maxBytes + " bytes (max-export-size)");
                }
            }
            Charset cs = r.headers().firstValue("Content-Type").map(CHARSET::matcher).filter(Matcher::find)
                    .map(m -> Charset.forName(m.group(1))).orElse(defaultCharset);
            String text = buf.toString(cs);
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (IOException e) {
            throw new SourceFailure("reading the export at " + url + " broke off: " + e, e);
        }
    }

    /** Parses {@code text}, resuming after unreadable rows. Package-visible for tests. */
    static final class CsvCursor implements Cursor {
        private final String text;
        private final String keyColumn;
        private final int[] lineStarts;
        private final String[] header;
        private CSVParser parser;
        private Iterator<CSVRecord> records;
        /** The line the current parser started on (it counts lines from there). */
        private int parserStartLine;

        CsvCursor(String text, String keyColumn) {
            this.text = text;
            this.keyColumn = keyColumn;
            this.lineStarts = lineStarts(text);
            CSVFormat headerFormat = base().setHeader().setSkipHeaderRecord(true).get();
            try {
                parser = new CSVParser(new StringReader(text), headerFormat);
            } catch (IOException | IllegalArgumentException e) {
                throw new SourceFailure("the export's header cannot be read: " + e.getMessage(), e);
            }
            header = parser.getHeaderNames().stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toArray(String[]::new);
            checkHeader(header, keyColumn);
            records = parser.iterator();
        }

        private static CSVFormat.Builder base() {
            return CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW);
        }

        private static void checkHeader(String[] header, String keyColumn) {
            Set<String> expected = new LinkedHashSet<>(CaseRowMapper.COLUMNS);
            if (!keyColumn.equals(ROW_HASH)) {
                expected.add(keyColumn);
            }
            Set<String> seen = new LinkedHashSet<>(List.of(header));
            List<String> missing = expected.stream().filter(c -> !seen.contains(c)).toList();
            List<String> unknown = seen.stream().filter(c -> !expected.contains(c)).toList();
            if (!missing.isEmpty() || !unknown.isEmpty()) {
                throw new SourceFailure("the export's columns differ from the layout:"
                        + (missing.isEmpty() ? "" : " missing " + missing) + (unknown.isEmpty() ? "" : " unknown " + unknown));
            }
        }

        @Override
        public SourceRecord next() {
            long linesBefore = parser.getCurrentLineNumber();
            try {
                if (!records.hasNext()) {
                    return null;
                }
                CSVRecord r = records.next();
                // a record after blank lines is positioned at the first of them
                int start = firstNonBlankLine(lineOf(r.getCharacterPosition()));
                int lastLine = parserStartLine + (int) parser.getCurrentLineNumber() - 1;
                if (r.size() != header.length && lastLine > start) {
                    // a quote left open swallowed the next lines into this record: give them their own chance
                    restartAt(start + 1);
                    return SourceRecord.malformed(start + 1, null, "has " + r.size() + " fields over " + (lastLine - start + 1)
                            + " lines, the header has " + header.length + " (a quote left open?)");
                }
                return toRecord(r, start + 1);
            } catch (UncheckedIOException | IllegalStateException e) {
                // The parser cannot go on past a broken row: report it, and parse again from the line after it.
                int bad = firstNonBlankLine(parserStartLine + (int) linesBefore);
                if (bad >= lineStarts.length) {
                    return null;
                }
                restartAt(bad + 1);
                String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
                return SourceRecord.malformed(bad + 1, null, "unreadable CSV (" + brief(why) + ")");
            }
        }

        private void restartAt(int line) {
            int offset = line < lineStarts.length ? lineStarts[line] : text.length();
            try {
                parser.close();
                parser = new CSVParser(new StringReader(text.substring(offset)), base().setHeader(header).get(), offset, 0);
            } catch (IOException e) {
                throw new SourceFailure("cannot parse the export again from line " + (line + 1), e);
            }
            parserStartLine = line;
            records = parser.iterator();
        }

        private SourceRecord toRecord(CSVRecord r, long line) {
            if (r.size() != header.length) {
                return SourceRecord.malformed(line, null, "has " + r.size() + " fields, the header has " + header.length);
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                values.put(header[i], r.get(i));
            }
            String key = keyColumn.equals(ROW_HASH) ? rowHash(r) : blankToNull(values.get(keyColumn));
            return new SourceRecord(line, key, values, null);
        }

        private int firstNonBlankLine(int line) {
            while (line < lineStarts.length && lineText(line).isBlank()) {
                line++;
            }
            return line;
        }

        private String lineText(int line) {
            int end = line + 1 < lineStarts.length ? lineStarts[line + 1] : text.length();
            return text.substring(lineStarts[line], end);
        }

        /** 0-based line holding character {@code pos}. */
        private int lineOf(long pos) {
            int lo = 0;
            int hi = lineStarts.length - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (lineStarts[mid] <= pos) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            return lo;
        }

        private static int[] lineStarts(String text) {
            List<Integer> starts = new ArrayList<>();
            starts.add(0);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
                    if (i + 1 < text.length()) {
                        starts.add(i + 1);
                    }
                }
            }
            return starts.stream().mapToInt(Integer::intValue).toArray();
        }

        private static String rowHash(CSVRecord r) {
            try {
                MessageDigest d = MessageDigest.getInstance("SHA-256");
                for (String f : r) {
                    d.update(f.strip().getBytes(StandardCharsets.UTF_8));
                    d.update((byte) 0x1F); // unit separator: ("a","bc") and ("ab","c") differ
                }
                return HexFormat.of().formatHex(d.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.strip();
        }

        /** The parser's complaint, without positions (the line is reported) or the row's content (personal data). */
        private static String brief(String why) {
            if (why == null) {
                return "parse error";
            }
            int cut = why.length();
            for (String stop : new String[] {" at line", ":"}) {
                int i = why.indexOf(stop);
                if (i > 0) {
                    cut = Math.min(cut, i);
                }
            }
            return why.substring(0, cut).strip();
        }

        @Override
        public void close() {
            try {
                parser.close();
            } catch (IOException e) {
                // a string reader: nothing to release
            }
        }
    }
}
