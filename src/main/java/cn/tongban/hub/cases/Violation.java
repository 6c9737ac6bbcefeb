package cn.tongban.hub.cases;

import java.util.List;
import java.util.Objects;

/**
 * One thing wrong with a case document: where ({@code field}, a JSON pointer such as
 * {@code /applicant/idNumber}; empty for the document itself), why, and whether it refuses the document
 * ({@link Severity#ERROR}) or only warns ({@link Severity#WARNING}, where shared/DOMAIN.md is uncertain).
 * Messages never repeat the offending value: it may be personal data.
 */
public record Violation(String field, String message, Severity severity) {
    public enum Severity { ERROR, WARNING }

    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(severity, "severity");
    }

    public static Violation error(String field, String message) {
        return new Violation(field, message, Severity.ERROR);
    }

    public static Violation warning(String field, String message) {
        return new Violation(field, message, Severity.WARNING);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** Whether any of {@code violations} refuses the document. */
    public static boolean anyError(List<Violation> violations) {
        return violations.stream().anyMatch(Violation::isError);
    }

    @Override
    public String toString() {
        return severity + " " + (field.isEmpty() ? "/" : field) + ": " + message;
    }
}
