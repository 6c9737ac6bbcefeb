package cn.tongban.hub.adapters.licence;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Electronic licence identifiers (GB/T 36904-2018, shared/DOMAIN.md):
 * {@code 1.2.156.3005.2.<type code>.<issuer code>.<serial>.<version>.<check>} with an ISO/IEC 7064 MOD 37,36
 * check character over type+issuer+serial+version.
 *
 * <p>Package-private on purpose: {@code cn.tongban.hub.cases.LicenceId} is being written in parallel and
 * should replace this once both are merged. The credit codes inside are checked for shape only, not for
 * their GB 32100 check characters, since some codes in real use fail them.
 */
final class LicenceIds {
    static final String PREFIX = "1.2.156.3005.2.";
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final Pattern SHAPE = Pattern.compile("1\\.2\\.156\\.3005\\.2\\.([0-9A-Z]{18}[0-9]{3})\\."
            + "([0-9A-Z]{18})\\.([0-9A-Z]{1,64})\\.([0-9]{3})\\.([0-9A-Z])");

    private LicenceIds() {
    }

    /** Null for a well-formed identifier with the right check character, otherwise why it is refused. */
    static String problem(String id) {
        if (id == null || id.isEmpty()) {
            return "no licence identifier";
        }
        if (id.length() > 200) {
            return "a licence identifier is at most 200 characters";
        }
        Matcher m = SHAPE.matcher(id);
        if (!m.matches()) {
            return "not a GB/T 36904 licence identifier (" + PREFIX
                    + "<type code 21>.<issuer code 18>.<serial>.<version 3>.<check>, upper case)";
        }
        char expected = checkCharacter(m.group(1) + m.group(2) + m.group(3) + m.group(4));
        if (m.group(5).charAt(0) != expected) {
            return "check character " + m.group(5) + " is wrong (MOD 37,36 gives " + expected + ")";
        }
        return null;
    }

    static boolean isValid(String id) {
        return problem(id) == null;
    }

    /** ISO/IEC 7064 MOD 37,36 (hybrid system) over {@code data} in the alphabet 0–9A–Z. */
    static char checkCharacter(String data) {
        int p = 36;
        for (int i = 0; i < data.length(); i++) {
            int v = ALPHABET.indexOf(data.charAt(i));
            if (v < 0) {
                throw new IllegalArgumentException("character " + i + " is not in 0-9A-Z");
            }
            p = (p + v) % 36;
            if (p == 0) {
                p = 36;
            }
            p = (2 * p) % 37;
        }
        return ALPHABET.charAt((37 - p) % 36);
    }

    /** A complete identifier from its parts, with its check character. */
    static String of(String typeCode, String issuerCode, String serial, String version) {
        String id = PREFIX + typeCode + "." + issuerCode + "." + serial + "." + version + "."
                + checkCharacter(typeCode + issuerCode + serial + version);
        String problem = problem(id);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return id;
    }
}
