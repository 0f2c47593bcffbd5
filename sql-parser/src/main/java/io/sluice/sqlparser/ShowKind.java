package io.sluice.sqlparser;

/** What SHOW lists. */
public enum ShowKind { TABLES, VIEWS, SOURCES, SINKS, FUNCTIONS, QUERIES, PROGRESS, SETTINGS, INDEXES }
