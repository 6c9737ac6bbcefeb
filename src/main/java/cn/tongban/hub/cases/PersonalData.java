package cn.tongban.hub.cases;

/** Masking of personal data for logs and screens: names and ID numbers never appear whole. */
public final class PersonalData {
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
