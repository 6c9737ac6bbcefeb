package cn.tongban.hub.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The password of the account a fresh hub makes when no account is configured: never a fixed default, but
 * 24 random bytes made on the first start and kept in a file only its owner may read, so that it survives
 * restarts and the operator reads it there. Its path is logged; the password never is.
 */
final class GeneratedOperatorPassword {
    static final String FILE_NAME = "operator-password";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private GeneratedOperatorPassword() {
    }

    /** The password kept in {@code file}, made there first if there is none. */
    static String readOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            } catch (FileAlreadyExistsException madeMeanwhile) {
                return read(file);
            }
            Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
            return password;
        }
        return read(file);
    }

    private static String read(Path file) throws IOException {
        try {
            if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY); // someone widened it: narrow it again
            }
        } catch (UnsupportedOperationException notPosix) {
            // a file system without POSIX permissions: its own access rules apply
        }
        String p = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (p.isEmpty()) {
            throw new IOException(file + " is empty: delete it to have a new password made, or configure tongban.security.accounts");
        }
        return p;
    }
}
