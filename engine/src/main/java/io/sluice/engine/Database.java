package io.sluice.engine;

import io.sluice.catalog.Catalog;
import io.sluice.codegen.CodeCache;
import io.sluice.codegen.FilterProjectCompiler;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Sluice database: a catalog of tables and views shared by the sessions opened on it.
 * {@link #inMemory()} gives a private one; {@link #named(String)} one shared by name within
 * the JVM (what {@code jdbc:sluice:mem:NAME} URLs use).
 */
public final class Database {
  private static final ConcurrentHashMap<String, Database> NAMED = new ConcurrentHashMap<>();

  private final String name;
  private final boolean checkOnly;
  private final Catalog catalog = new Catalog();
  private final io.sluice.engine.stream.QueryManager queries = new io.sluice.engine.stream.QueryManager();
  /**
   * Compiled classes, shared by every database of the JVM: identical plans compile once, and the
   * JIT's work on a class serves every query that uses it. Sharing is safe because generated code
   * holds no text of a query: literals and names reach it as constructor arguments.
   */
  private static final CodeCache CODE_CACHE = new CodeCache(FilterProjectCompiler.DEFAULT_CACHE_SIZE);

  private Database(String name, boolean checkOnly) {
    this.name = name;
    this.checkOnly = checkOnly;
  }

  public static Database inMemory() {
    return new Database("", false);
  }

  public static Database named(String name) {
    return NAMED.computeIfAbsent(name, n -> new Database(n, false));
  }

  /**
   * A private in-memory database that checks statements instead of running them: DDL and SET
   * change its own catalog and session as they would, so later statements are checked against
   * what earlier ones built, but queries are planned and never started, and nothing is written
   * (no table rows, no sink files, no checkpoint). What {@code sluice validate} runs a pipeline
   * file on ({@code jdbc:sluice:check:}); see {@link CheckOnlyStatements}.
   */
  public static Database checkOnly() {
    return new Database("", true);
  }

  /** Whether this database only checks statements ({@link #checkOnly()}). */
  public boolean isCheckOnly() {
    return checkOnly;
  }

  /** The shared name, or the empty string for a private database. */
  public String name() {
    return name;
  }

  public Catalog catalog() {
    return catalog;
  }

  /** The continuous queries running on this database. */
  public io.sluice.engine.stream.QueryManager queries() {
    return queries;
  }

  public CodeCache codeCache() {
    return CODE_CACHE;
  }

  public Session openSession() {
    return new Session(this);
  }
}
