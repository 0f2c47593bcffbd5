package io.sluice.sqlparser;

/** {@code DELETE FROM table ...}; statement spans the whole statement, for Calcite to parse. */
public record Delete(String table, SqlSpan statement) implements Statement {}
