package cn.tongban.hub.cases;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Unified social credit code (统一社会信用代码, GB 32100-2015) of an organisation: the pattern, the
 * organisation-code check at position 17 (GB 11714) and the final check at position 18, as shared/DOMAIN.md
 * gives them. Codes in real use that fail a check are accepted through an allow-list.
 */
public final class CreditCode {
    /** The 31 characters of GB 32100, valued 0–30 for the final check (no I, O, Z, S, V). */
    static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    static final Pattern PATTERN = Pattern.compile("[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}");
    private static final int[] ORG_WEIGHTS = {3, 7, 9, 10, 5, 8, 4, 2};
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    private CreditCode() {
    }

    public static boolean isValid(String code) {
        return problem(code) == null;
    }

    public static boolean isValid(String code, Set<String> allowList) {
        return problem(code, allowList) == null;
    }

    /** Why {@code code} is not a valid credit code, or null when it is. */
    public static String problem(String code) {
        return problem(code, Set.of());
    }

    /**
     * As {@link #problem(String)}, but a code on {@code allowList} needs only the pattern: the list is for codes
     * issued and in use although a check character is wrong.
     */
    public static String problem(String code, Set<String> allowList) {
        if (code == null || code.isEmpty()) {
            return "missing unified social credit code";
        }
        if (code.length() != 18) {
            return "a unified social credit code has 18 characters";
        }
        if (!PATTERN.matcher(code).matches()) {
            return "not a unified social credit code: characters 1-2 and 9-18 from 0-9 and A-Y without I, O, Z, S, V, "
                    + "characters 3-8 digits";
        }
        if (allowList.contains(code)) {
            return null;
        }
        if (code.charAt(16) != organisationCheck(code.substring(8, 16))) {
            return "wrong organisation-code check character (position 17)";
        }
        if (code.charAt(17) != finalCheck(code.substring(0, 17))) {
            return "wrong check character (position 18)";
        }
        return null;
    }

    /** The GB 11714 check character over the 8 characters of an organisation code. */
    public static char organisationCheck(String eight) {
        if (eight.length() != 8) {
            throw new IllegalArgumentException("8 characters expected");
        }
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            char c = eight.charAt(i);
            int v = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'Z' ? c - 'A' + 10 : -1;
            if (v < 0) {
                throw new IllegalArgumentException("not an organisation-code character");
            }
            sum += v * ORG_WEIGHTS[i];
        }
        int r = 11 - sum % 11;
        return r == 10 ? 'X' : r == 11 ? '0' : (char) ('0' + r);
    }

    /** The GB 32100 check character (position 18) over the first 17 characters. */
    public static char finalCheck(String seventeen) {
        if (seventeen.length() != 17) {
            throw new IllegalArgumentException("17 characters expected");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int v = ALPHABET.indexOf(seventeen.charAt(i));
            if (v < 0) {
                throw new IllegalArgumentException("not a credit-code character");
            }
            sum += v * WEIGHTS[i];
        }
        return ALPHABET.charAt((31 - sum % 31) % 31);
    }

    /** Refuses an allow-list entry that is not even shaped like a credit code (a configuration mistake). */
    static Set<String> checkAllowList(Set<String> allowList) {
        for (String code : allowList) {
            if (code == null || !PATTERN.matcher(code).matches()) {
                throw new IllegalArgumentException("credit-code allow-list entry is not shaped like a credit code: " + code);
            }
        }
        return Set.copyOf(allowList);
    }
}
