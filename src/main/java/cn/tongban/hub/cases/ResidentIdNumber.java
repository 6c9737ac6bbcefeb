package cn.tongban.hub.cases;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.regex.Pattern;

/**
 * Resident identity number (公民身份号码, GB 11643-1999): address code, birth date, sequence, check
 * character. The address code is the one in force at registration, so a retired division code stays valid
 * here and is not looked up in {@link DivisionCode}'s list. Personal data: problems never quote the number.
 */
public final class ResidentIdNumber {
    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final Pattern PATTERN = Pattern.compile("[0-9]{17}[0-9X]");
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECKS = "10X98765432";
    private static final DateTimeFormatter BIRTH = DateTimeFormatter.ofPattern("uuuuMMdd")
            .withResolverStyle(ResolverStyle.STRICT);

    private ResidentIdNumber() {
    }

    public static boolean isValid(String id) {
        return problem(id) == null;
    }

    /** Why {@code id} is not a valid identity number today (China time), or null when it is. */
    public static String problem(String id) {
        return problem(id, LocalDate.now(CHINA));
    }

    /** As {@link #problem(String)} with {@code today} bounding the birth date. */
    public static String problem(String id, LocalDate today) {
        if (id == null || id.isEmpty()) {
            return "missing resident identity number";
        }
        if (id.length() != 18) {
            return "a resident identity number has 18 characters";
        }
        if (!PATTERN.matcher(id).matches()) {
            return "a resident identity number is 17 digits and a digit or X (upper case)";
        }
        if (id.charAt(0) == '0') {
            return "the address code (characters 1-6) is not a division code";
        }
        LocalDate birth;
        try {
            birth = LocalDate.parse(id.substring(6, 14), BIRTH);
        } catch (DateTimeException e) {
            return "the birth date (characters 7-14) is not a real date";
        }
        if (birth.isAfter(today)) {
            return "the birth date (characters 7-14) is in the future";
        }
        if (id.charAt(17) != checkChar(id.substring(0, 17))) {
            return "wrong check character (position 18)";
        }
        return null;
    }

    /** The check character over the first 17 digits. */
    public static char checkChar(String seventeenDigits) {
        if (seventeenDigits.length() != 17) {
            throw new IllegalArgumentException("17 digits expected");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            char c = seventeenDigits.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("digits expected");
            }
            sum += (c - '0') * WEIGHTS[i];
        }
        return CHECKS.charAt(sum % 11);
    }
}
