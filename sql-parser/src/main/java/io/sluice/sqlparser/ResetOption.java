package io.sluice.sqlparser;

/** {@code RESET key}, or {@code RESET} alone (key null) to reset every option. */
public record ResetOption(String key) implements Statement {}
