package cn.tongban.hub.cases;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masking of personal data for logs and screens: names and ID numbers never appear whole. */
public final class PersonalData {
    /** An ID-number shape not inside a longer run of digits; a lower-case x is how people often type it. */
    private static final Pattern ID_SHAPE = Pattern.compile("(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])");

    private PersonalData() {
    }

    /** {@code 11010519491231002X} → {@code 110105********002X}. */
    public static String maskIdNumber(String id) {
        if (id == null) {
            return null;
        }
        if (id.length() < 10) {
            return "*".repeat(id.length());
        }
        return id.substring(0, 6) + "*".repeat(id.length() - 10) + id.substring(id.length() - 4);
    }

    /**
     * Anything in {@code text} shaped like a resident ID number (17 digits and a digit or X, not inside a longer
     * run of digits) masked as {@link #maskIdNumber}, whether or not its check character is right: a mistyped
     * number is personal data too. The logs' safety net ({@code MaskingPatternLayout}), so it is cheap: text
     * without 17 digits in a row is returned as it is, without running the expression.
     */
    public static String maskIdNumbersIn(String text) {
        if (text == null || !hasDigitRun(text, 17)) {
            return text;
        }
        Matcher m = ID_SHAPE.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            m.appendReplacement(out, "");
            out.append(maskIdNumber(m.group()));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }

    private static boolean hasDigitRun(String s, int length) {
        int run = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++run >= length) {
                    return true;
                }
            } else {
                run = 0;
            }
        }
        return false;
    }

    /** {@code 张三} → {@code 张*}, {@code 欧阳娜娜} → {@code 欧***}. */
    public static String maskName(String name) {
        if (name == null || name.isEmpty()) {
            return name;
        }
        int first = name.codePointAt(0);
        int rest = name.codePointCount(0, name.length()) - 1;
        return new String(Character.toChars(first)) + "*".repeat(Math.max(rest, 1));
    }
}
