package io.sluice.sqlparser;

/**
 * {@code DROP TABLE|VIEW|SOURCE|SINK|INDEX [IF EXISTS] name [CASCADE | RESTRICT]}; cascade is
 * true only for CASCADE, which only DROP TABLE takes.
 */
public record Drop(ObjectKind kind, String name, boolean ifExists, boolean cascade) implements Statement {
  /** A DROP without CASCADE (RESTRICT, the default). */
  public Drop(ObjectKind kind, String name, boolean ifExists) {
    this(kind, name, ifExists, false);
  }
}
