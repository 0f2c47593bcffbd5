package io.sluice.sqlparser;

/** {@code WATERMARK FOR column AS expression}; the expression is left for Calcite to parse. */
public record WatermarkDefinition(String column, SqlSpan expression) {}
