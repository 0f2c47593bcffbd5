package io.sluice.sqlparser;

/** Kinds of catalog objects named by DROP. */
public enum ObjectKind { TABLE, VIEW, SOURCE, SINK, INDEX }
