package io.sluice.sqlparser;

/** {@code EXPLAIN [PLAN FOR | CODEGEN | ANALYZE | CHECKPOINT] target}; target is a query or an INSERT. */
public record Explain(ExplainKind kind, Statement target) implements Statement {}
