package io.sluice.sqlparser;

/**
 * EXPLAIN [PLAN FOR], EXPLAIN CODEGEN, EXPLAIN ANALYZE and EXPLAIN CHECKPOINT (whether a continuous
 * query can go on from its checkpoint).
 */
public enum ExplainKind { PLAN, CODEGEN, ANALYZE, CHECKPOINT }
