package cn.tongban.hub.cases;

import java.util.Set;

/**
 * Service item code (政务服务事项编码, GB/T 39554.1-2020), as seen in real use: the implementing body's credit
 * code (18), then 13 or 15 digits (31 or 33 characters). shared/DOMAIN.md marks this uncertain, so
 * {@link CaseValidator} only warns when a code does not fit; the code is looked up in the region's catalogue
 * rather than parsed further.
 */
public final class ServiceItemCode {
    private ServiceItemCode() {
    }

    public static boolean isValid(String code) {
        return problem(code) == null;
    }

    public static String problem(String code) {
        return problem(code, Set.of());
    }

    /** Why {@code code} does not fit the seen form, or null; {@code allowList} as for {@link CreditCode}. */
    public static String problem(String code, Set<String> allowList) {
        if (code == null || code.isEmpty()) {
            return "missing service item code";
        }
        if (code.length() != 31 && code.length() != 33) {
            return "a service item code has 31 or 33 characters";
        }
        String body = CreditCode.problem(code.substring(0, 18), allowList);
        if (body != null) {
            return "characters 1-18 are not the implementing body's credit code: " + body;
        }
        for (int i = 18; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') {
                return "characters 19-" + code.length() + " of a service item code are digits";
            }
        }
        return null;
    }
}
