package dev.ebld.diag;

/** How bad a diagnostic is. Errors fail the operation; warnings are reported and it goes on. */
public enum Severity {
    ERROR, WARNING, NOTE;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
