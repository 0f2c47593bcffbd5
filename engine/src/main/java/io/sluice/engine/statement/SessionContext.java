package io.sluice.engine.statement;

import io.sluice.catalog.registry.Catalog;
import io.sluice.codegen.CodeCache;
import io.sluice.engine.stream.QueryManager;
import io.sluice.runtime.memory.MemoryBudget;
import java.util.Map;

/**
 * What a statement handler may see of the session that runs it and of the session's database:
 * the catalog, the options, what the session may reach outside the engine, and the continuous
 * queries. The session implements it, so the handlers depend on this and never on the session.
 */
public interface SessionContext {
  Catalog catalog();

  /** Compiled classes, shared by every database of the JVM. */
  CodeCache codeCache();

  /** The continuous queries of the database. */
  QueryManager queries();

  /** Whether the database only checks statements instead of running them. */
  boolean checkOnly();

  /** Whether the session refuses statements that change data or the catalog. */
  boolean readOnly();

  /** Options set in the session, keys in lower case. */
  Map<String, String> options();

  /** Where an option's value came from, as SHOW SETTINGS says it ("default", "session", ...). */
  String optionOrigin(String key);

  /** Sets an option as {@code SET} does; the value is already checked. */
  void setOption(String key, String value);

  /** Unsets an option (every option when {@code key} is null), as {@code RESET} does. */
  void resetOption(String key);

  ExternalAccess externalAccess();

  /**
   * Saves the database's in-memory tables where the database keeps them (a database folder), for
   * what a running query wrote between statements: a stream's rejected rows at each batch commit.
   * Nothing for a database in memory.
   */
  void saveTables();

  /**
   * The memory budget ({@code pipeline.state.memory}, or its default) of what this session starts,
   * over the memory the database's queries and operators hold.
   */
  default MemoryBudget memoryBudget() {
    return MemoryBudget.of(options().get(MemoryBudget.OPTION), queries().memoryPool());
  }
}
