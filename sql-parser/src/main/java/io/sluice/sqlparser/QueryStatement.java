package io.sluice.sqlparser;

/** A query: SELECT, VALUES, WITH ..., TABLE t, or a parenthesised query. */
public record QueryStatement(SqlSpan query) implements Statement {}
