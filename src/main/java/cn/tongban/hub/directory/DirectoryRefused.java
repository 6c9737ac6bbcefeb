package cn.tongban.hub.directory;

/** A directory that must not be used, with the verdict and why. */
public class DirectoryRefused extends Exception {
    private final DirectoryVerdict verdict;

    public DirectoryRefused(DirectoryVerdict verdict, String detail) {
        super(verdict + ": " + detail);
        this.verdict = verdict;
    }

    public DirectoryVerdict verdict() {
        return verdict;
    }
}
