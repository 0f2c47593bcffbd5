package io.sluice.sqlparser;

import java.util.List;

/**
 * {@code CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table [USING btree|hash] (column [ASC|DESC], ...)}.
 * Column order directions are accepted and not kept: an ordered index serves both directions.
 *
 * @param method "btree" (ordered, the default) or "hash"
 */
public record CreateIndex(String name, String table, List<String> columns, boolean unique, boolean ifNotExists,
    String method) implements Statement {
  /** The index kinds Sluice builds. */
  public static final List<String> METHODS = List.of("btree", "hash");

  public CreateIndex {
    columns = List.copyOf(columns);
  }

  /** An ordered (btree) index. */
  public CreateIndex(String name, String table, List<String> columns, boolean unique, boolean ifNotExists) {
    this(name, table, columns, unique, ifNotExists, "btree");
  }
}
