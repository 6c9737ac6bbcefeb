package cn.tongban.hub.directory;

/** The outcome of checking a directory, as {@code directory check} prints it. */
public enum DirectoryVerdict {
    TRUSTED,
    /** Not validly signed by a directory signer of the federation, expired, or unreadable. */
    UNTRUSTED,
    /** Valid, but older than the directory already held (TEP-1 §6: no rollback). */
    ROLLBACK
}
