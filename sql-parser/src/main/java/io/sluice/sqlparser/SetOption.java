package io.sluice.sqlparser;

/** {@code SET key = value}; the key is lower-cased, the value is unquoted. */
public record SetOption(String key, String value) implements Statement {}
