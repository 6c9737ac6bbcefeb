package cn.tongban.hub.adapters.pull;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cn.tongban.hub.cases.Applicant;
import cn.tongban.hub.cases.CaseSubmission;
import cn.tongban.hub.cases.DeliveryMethod;
import cn.tongban.hub.cases.Material;
import cn.tongban.hub.cases.PersonalData;
import cn.tongban.hub.cases.ServiceMode;

/** One pulled record (column name → text) to a {@link CaseSubmission}, strictly: any invalid value rejects the record. */
public class CaseRowMapper {
    /** The record layout (package-info.java), in its documented order. */
    public static final List<String> COLUMNS = List.of("case_id", "service_item_code", "service_item_name", "mode",
            "applicant_type", "applicant_name", "applicant_id", "receiving_region", "handling_regions",
            "deciding_authority", "delivery", "promised_days", "licences", "submitted_at");
    private static final int MAX_TEXT = 500;

    private final Set<String> creditCodeAllowList;

    public CaseRowMapper(Collection<String> creditCodeAllowList) {
        this.creditCodeAllowList = Set.copyOf(creditCodeAllowList);
    }

    /**
     * @param submittedAtDefault the time the record gets when it has no {@code submitted_at}
     */
    public CaseSubmission map(Map<String, String> row, OffsetDateTime submittedAtDefault) throws RowRejected {
        String caseId = required(row, "case_id");
        if (!caseId.matches("[\\x21-\\x7E]{1,128}")) {
            throw new RowRejected("case_id must be 1-128 printable ASCII characters without spaces");
        }
        String item = required(row, "service_item_code");
        if (!Identifiers.isServiceItemCode(item)) {
            throw new RowRejected("service_item_code is not a 31- or 33-character service item code: " + shown(item));
        }
        String itemName = optional(row, "service_item_name");
        ServiceMode mode = mode(required(row, "mode"));
        String type = required(row, "applicant_type");
        String name = required(row, "applicant_name");
        String code = required(row, "applicant_id");
        Applicant applicant = switch (type) {
            case "person" -> {
                if (!Identifiers.isIdNumber(code)) {
                    throw new RowRejected("applicant_id is not a valid resident identity number: " + PersonalData.maskIdNumber(code));
                }
                yield new Applicant.Person(name, code);
            }
            case "organisation" -> new Applicant.Organisation(name, creditCode("applicant_id", code));
            default -> throw new RowRejected("applicant_type must be person or organisation, not " + shown(type));
        };
        String receiving = region("receiving_region", required(row, "receiving_region"));
        List<String> handling = new ArrayList<>();
        for (String r : required(row, "handling_regions").split(";", -1)) {
            handling.add(region("handling_regions", r.strip()));
        }
        String authority = creditCode("deciding_authority", required(row, "deciding_authority"));
        DeliveryMethod delivery = delivery(required(row, "delivery"));
        int days = promisedDays(required(row, "promised_days"));
        List<Material> materials = licences(optional(row, "licences"), applicant.code());
        OffsetDateTime at = submittedAtDefault;
        String s = optional(row, "submitted_at");
        if (s != null) {
            try {
                at = OffsetDateTime.parse(s);
            } catch (DateTimeParseException e) {
                throw new RowRejected("submitted_at is not an RFC 3339 date-time with offset: " + shown(s));
            }
        }
        return new CaseSubmission(caseId, item, itemName, mode, applicant, receiving, List.copyOf(handling), authority,
                delivery, materials, days, at);
    }

    private static String required(Map<String, String> row, String column) throws RowRejected {
        String v = optional(row, column);
        if (v == null) {
            throw new RowRejected(column + " is empty");
        }
        return v;
    }

    private static String optional(Map<String, String> row, String column) throws RowRejected {
        String v = row.get(column);
        if (v == null || v.isBlank()) {
            return null;
        }
        v = v.strip();
        if (v.length() > MAX_TEXT) {
            throw new RowRejected(column + " is longer than " + MAX_TEXT + " characters");
        }
        return v;
    }

    private static ServiceMode mode(String v) throws RowRejected {
        for (ServiceMode m : ServiceMode.values()) {
            if (m.code().equals(v) || m.chinese().equals(v)) {
                return m;
            }
        }
        throw new RowRejected("mode must be fully-online, remote-intake or joint-handling, not " + shown(v));
    }

    private static DeliveryMethod delivery(String v) throws RowRejected {
        for (DeliveryMethod d : DeliveryMethod.values()) {
            if (d.code().equals(v)) {
                return d;
            }
        }
        throw new RowRejected("delivery must be post, online or window, not " + shown(v));
    }

    private static int promisedDays(String v) throws RowRejected {
        try {
            int d = Integer.parseInt(v);
            if (d >= 1 && d <= 3650) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new RowRejected("promised_days must be a whole number of working days from 1 to 3650, not " + shown(v));
    }

    private static String region(String column, String v) throws RowRejected {
        if (!Identifiers.isRegion(v)) {
            throw new RowRejected(column + " must be GB/T 2260 codes of 6 digits, not " + shown(v));
        }
        return v;
    }

    private String creditCode(String column, String v) throws RowRejected {
        if (!Identifiers.isCreditCode(v) && !creditCodeAllowList.contains(v)) {
            throw new RowRejected(column + " is not a valid unified social credit code: " + shown(v));
        }
        return v;
    }

    private static List<Material> licences(String v, String holder) throws RowRejected {
        if (v == null) {
            return List.of();
        }
        List<Material> out = new ArrayList<>();
        for (String entry : v.split(";", -1)) {
            int eq = entry.lastIndexOf('=');
            String title = eq < 0 ? "" : entry.substring(0, eq).strip();
            String id = entry.substring(eq + 1).strip();
            if (title.isEmpty()) {
                throw new RowRejected("licences entries are title=identifier, separated by ';'");
            }
            if (!Identifiers.isLicenceId(id)) {
                throw new RowRejected("licences: not a valid GB/T 36904 licence identifier: " + shown(id));
            }
            out.add(new Material.Licence(title, id, holder));
        }
        return List.copyOf(out);
    }

    /** A non-personal value quoted in a reason, cut short. */
    private static String shown(String v) {
        return "'" + (v.length() > 80 ? v.substring(0, 80) + "…" : v) + "'";
    }
}
