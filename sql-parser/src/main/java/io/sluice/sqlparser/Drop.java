package io.sluice.sqlparser;

/** {@code DROP TABLE|VIEW|SOURCE|SINK [IF EXISTS] name}. */
public record Drop(ObjectKind kind, String name, boolean ifExists) implements Statement {}
