package cn.tongban.hub.adapters.pull;

import java.util.regex.Pattern;

/** Checks of the identifiers a pulled record carries (shared/DOMAIN.md), and of SQL names taken from configuration. */
final class Identifiers {
    private static final Pattern SQL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");
    private static final Pattern ID_NUMBER = Pattern.compile("\\d{17}[0-9X]");
    private static final Pattern CREDIT_CODE = Pattern.compile("[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}");
    private static final Pattern SERVICE_ITEM = Pattern.compile("[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}(\\d{13}|\\d{15})");
    private static final Pattern REGION = Pattern.compile("\\d{6}");
    private static final Pattern LICENCE = Pattern.compile(
            "1\\.2\\.156\\.3005\\.2\\.([0-9A-Z]{18}\\d{3})\\.([0-9A-Z]{18})\\.([0-9A-Za-z]{1,64})\\.(\\d{3})\\.([0-9A-Z])");
    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] ORG_WEIGHTS = {3, 7, 9, 10, 5, 8, 4, 2};
    private static final String ALNUM36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private Identifiers() {
    }

    /** A plain, optionally schema-qualified SQL name: what configuration may put into a statement. */
    static boolean isSqlName(String s) {
        return s != null && SQL_NAME.matcher(s).matches();
    }

    static boolean isRegion(String s) {
        return REGION.matcher(s).matches();
    }

    /** GB 11643-1999: 17 digits and the check character. */
    static boolean isIdNumber(String s) {
        if (!ID_NUMBER.matcher(s).matches()) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (s.charAt(i) - '0') * ID_WEIGHTS[i];
        }
        return "10X98765432".charAt(sum % 11) == s.charAt(17);
    }

    /** GB 32100-2015: shape, the organisation code's check (position 17) and the final check (position 18). */
    static boolean isCreditCode(String s) {
        if (!CREDIT_CODE.matcher(s).matches()) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += ALNUM36.indexOf(s.charAt(8 + i)) * ORG_WEIGHTS[i];
        }
        int r = 11 - sum % 11;
        char c17 = r == 10 ? 'X' : r == 11 ? '0' : (char) ('0' + r);
        if (s.charAt(16) != c17) {
            return false;
        }
        int total = 0;
        int w = 1;
        for (int i = 0; i < 17; i++) {
            total += CREDIT_ALPHABET.indexOf(s.charAt(i)) * w;
            w = w * 3 % 31;
        }
        return s.charAt(17) == CREDIT_ALPHABET.charAt((31 - total % 31) % 31);
    }

    /** GB/T 39554.1 as seen in use (DOMAIN.md: uncertain): credit code characters, then 13 or 15 digits; shape only. */
    static boolean isServiceItemCode(String s) {
        return SERVICE_ITEM.matcher(s).matches();
    }

    /** GB/T 36904-2018 electronic licence identifier with its ISO/IEC 7064 MOD 37,36 check character. */
    static boolean isLicenceId(String s) {
        var m = LICENCE.matcher(s);
        if (!m.matches()) {
            return false;
        }
        String body = (m.group(1) + m.group(2) + m.group(3) + m.group(4)).toUpperCase(java.util.Locale.ROOT);
        int p = 36;
        for (int i = 0; i < body.length(); i++) {
            p = (p + ALNUM36.indexOf(body.charAt(i))) % 36;
            if (p == 0) {
                p = 36;
            }
            p = 2 * p % 37;
        }
        return m.group(5).charAt(0) == ALNUM36.charAt((37 - p) % 36);
    }
}
