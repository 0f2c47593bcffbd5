package io.sluice.sqlparser;

/** EXPLAIN [PLAN FOR], EXPLAIN CODEGEN and EXPLAIN ANALYZE. */
public enum ExplainKind { PLAN, CODEGEN, ANALYZE }
