package cn.tongban.hub.adapters.pull;

import java.io.IOException;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.jdbc.core.JdbcTemplate;

/** Valid legacy records in the pull layout (package-info.java), as CSV text or rows of a legacy table. */
final class LegacyRecords {
    static final String LICENCE = "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F";
    static final String NAME = "张三丰";

    private LegacyRecords() {
    }

    static String caseId(int i) {
        return String.format("ZB-2026-%05d", i);
    }

    /** A GB 11643 number with a correct check digit: Zibo (370303), born 1990-01-01, sequence {@code seq}. */
    static String idNumber(int seq) {
        String base = "37030319900101" + String.format("%03d", seq % 1000);
        int[] w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (base.charAt(i) - '0') * w[i];
        }
        return base + "10X98765432".charAt(sum % 11);
    }

    /** Record {@code i}: a remote-intake case received in Zibo, handled in Cangzhou (so sent to 130000). */
    static Map<String, String> row(int i) {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("case_id", caseId(i));
        r.put("service_item_code", "11370800MB285591843370117002011");
        r.put("service_item_name", "营业执照变更登记");
        r.put("mode", "remote-intake");
        r.put("applicant_type", "person");
        r.put("applicant_name", NAME);
        r.put("applicant_id", idNumber(i));
        r.put("receiving_region", "370300");
        r.put("handling_regions", "130900");
        r.put("deciding_authority", "11370800MB28559184");
        r.put("delivery", "post");
        r.put("promised_days", "15");
        r.put("licences", i % 2 == 0 ? "营业执照=" + LICENCE : "");
        r.put("submitted_at", "2026-03-02T09:00:00+08:00");
        return r;
    }

    static String header() {
        return String.join(",", CaseRowMapper.COLUMNS) + "\r\n";
    }

    static String line(Map<String, String> row) {
        StringWriter w = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.RFC4180)) {
            p.printRecord(CaseRowMapper.COLUMNS.stream().map(c -> row.getOrDefault(c, "")).toList());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    /** Header and records {@code from}..{@code to} inclusive. */
    static String csv(int from, int to) {
        StringBuilder b = new StringBuilder(header());
        for (int i = from; i <= to; i++) {
            b.append(line(row(i)));
        }
        return b.toString();
    }

    /** The legacy table, with a numeric sequence besides the layout's columns and a real timestamp column. */
    static void createTable(JdbcTemplate legacy) {
        legacy.execute("CREATE TABLE legacy_case (seq BIGINT NOT NULL PRIMARY KEY, case_id VARCHAR(64) NOT NULL UNIQUE, "
                + "service_item_code VARCHAR(33), service_item_name VARCHAR(200), mode VARCHAR(32), applicant_type VARCHAR(16), "
                + "applicant_name VARCHAR(100), applicant_id VARCHAR(18), receiving_region VARCHAR(6), "
                + "handling_regions VARCHAR(100), deciding_authority VARCHAR(18), delivery VARCHAR(16), promised_days INTEGER, "
                + "licences VARCHAR(1000), submitted_at TIMESTAMP WITH TIME ZONE, operator VARCHAR(32))");
    }

    static void insert(JdbcTemplate legacy, int i) {
        insert(legacy, i, row(i));
    }

    static void insert(JdbcTemplate legacy, int i, Map<String, String> r) {
        legacy.update("INSERT INTO legacy_case (seq, case_id, service_item_code, service_item_name, mode, applicant_type, "
                        + "applicant_name, applicant_id, receiving_region, handling_regions, deciding_authority, delivery, "
                        + "promised_days, licences, submitted_at, operator) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (long) i, r.get("case_id"), r.get("service_item_code"), r.get("service_item_name"), r.get("mode"),
                r.get("applicant_type"), r.get("applicant_name"), r.get("applicant_id"), r.get("receiving_region"),
                r.get("handling_regions"), r.get("deciding_authority"), r.get("delivery"),
                Integer.valueOf(r.get("promised_days")), r.get("licences").isEmpty() ? null : r.get("licences"),
                java.time.OffsetDateTime.parse(r.get("submitted_at")), "window-" + (i % 3));
    }

    static List<String> caseIds(int from, int to) {
        return java.util.stream.IntStream.rangeClosed(from, to).mapToObj(LegacyRecords::caseId).toList();
    }
}
