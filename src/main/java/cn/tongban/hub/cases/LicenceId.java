package cn.tongban.hub.cases;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Electronic licence identifier (电子证照标识, GB/T 36904-2018):
 * {@code 1.2.156.3005.2.<type code>.<issuer code>.<serial>.<version>.<check>}, the type code being the defining
 * body's credit code and 3 digits, the issuer an 18-character credit code, the serial upper-case alphanumeric,
 * the version 3 digits, and the check ISO/IEC 7064 MOD 37,36 over type, issuer, serial and version.
 * What shared/DOMAIN.md leaves open (serial lengths outside those seen, embedded credit codes failing their own
 * check) is a {@linkplain #warning warning}, not a refusal.
 */
public final class LicenceId {
    static final String PREFIX = "1.2.156.3005.2.";
    private static final String CC = CreditCode.PATTERN.pattern();
    private static final Pattern SHAPE = Pattern.compile(
            Pattern.quote(PREFIX) + "(" + CC + ")([0-9]{3})\\.(" + CC + ")\\.([0-9A-Z]{1,64})\\.([0-9]{3})\\.([0-9A-Z])");
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static final int SERIAL_MIN_SEEN = 7;
    static final int SERIAL_MAX_SEEN = 32;

    private LicenceId() {
    }

    public static boolean isValid(String id) {
        return problem(id) == null;
    }

    /** Why {@code id} is not a valid licence identifier, or null. */
    public static String problem(String id) {
        if (id == null || id.isEmpty()) {
            return "missing licence identifier";
        }
        if (!id.startsWith(PREFIX)) {
            return "a licence identifier starts " + PREFIX;
        }
        Matcher m = SHAPE.matcher(id);
        if (!m.matches()) {
            return "not a licence identifier: " + PREFIX + "<credit code + 3 digits>.<issuer credit code>."
                    + "<serial 0-9A-Z, 1-64>.<version 3 digits>.<check>";
        }
        char expected = checkChar(m.group(1) + m.group(2) + m.group(3) + m.group(4) + m.group(5));
        if (m.group(6).charAt(0) != expected) {
            return "check character " + m.group(6) + " is wrong (MOD 37,36 gives " + expected + ")";
        }
        return null;
    }

    /** For a valid identifier, what is unusual but not refused; null when nothing is. */
    public static String warning(String id, Set<String> creditCodeAllowList) {
        Matcher m = id == null ? null : SHAPE.matcher(id);
        if (m == null || !m.matches()) {
            return null;
        }
        int serial = m.group(4).length();
        if (serial < SERIAL_MIN_SEEN || serial > SERIAL_MAX_SEEN) {
            return "serial of " + serial + " characters: only " + SERIAL_MIN_SEEN + "-" + SERIAL_MAX_SEEN + " seen in use";
        }
        if (!CreditCode.isValid(m.group(1), creditCodeAllowList)) {
            return "the type code's credit code fails its check";
        }
        if (!CreditCode.isValid(m.group(3), creditCodeAllowList)) {
            return "the issuer's credit code fails its check";
        }
        return null;
    }

    public static String warning(String id) {
        return warning(id, Set.of());
    }

    /** The identifier of the given parts, with its check character. */
    public static String of(String typeCode, String issuerCode, String serial, String version) {
        return PREFIX + typeCode + "." + issuerCode + "." + serial + "." + version + "."
                + checkChar(typeCode + issuerCode + serial + version);
    }

    /** The ISO/IEC 7064 MOD 37,36 check character over {@code payload} (characters 0-9, A-Z). */
    public static char checkChar(String payload) {
        int p = 36;
        for (int i = 0; i < payload.length(); i++) {
            int v = ALPHABET.indexOf(payload.charAt(i));
            if (v < 0) {
                throw new IllegalArgumentException("not a 0-9A-Z character");
            }
            p = (p + v) % 36;
            if (p == 0) {
                p = 36;
            }
            p = 2 * p % 37;
        }
        return ALPHABET.charAt((37 - p) % 36);
    }
}
