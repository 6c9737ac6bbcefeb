package cn.tongban.hub;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the federation's shared, read-only material lies: {@code ../shared} beside the clone. */
public final class SharedFiles {
    private SharedFiles() {
    }

    public static Path root() {
        Path p = Path.of(System.getProperty("tongban.shared", "../shared")).toAbsolutePath().normalize();
        if (!Files.isDirectory(p.resolve("tep-vectors"))) {
            throw new IllegalStateException("shared/ not found at " + p + " (set -Dtongban.shared=...)");
        }
        return p;
    }

    public static Path vectors() {
        return root().resolve("tep-vectors");
    }

    public static Path tepkit() {
        return root().resolve("tepkit/tepkit.py");
    }
}
