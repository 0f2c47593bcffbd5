package io.sluice.engine;

import io.sluice.catalog.registry.Catalog;
import io.sluice.codegen.CodeCache;
import io.sluice.codegen.FilterProjectCompiler;
import io.sluice.engine.result.LiveQuery;
import io.sluice.engine.result.StatementResult;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Sluice database: a catalog of tables and views shared by the sessions opened on it.
 * {@link #inMemory()} gives a private one; {@link #named(String)} one shared by name within
 * the JVM (what {@code jdbc:sluice:mem:NAME} URLs use); {@link #open(Path)} one kept in a folder
 * (what {@code jdbc:sluice:file:PATH} URLs use), shared within the JVM until {@link #close}.
 */
public final class Database implements AutoCloseable {
  private static final ConcurrentHashMap<String, Database> NAMED = new ConcurrentHashMap<>();
  private static final Map<Path, Database> FOLDERS = new HashMap<>();

  private final String name;
  private final boolean checkOnly;
  /** Where the database is kept, or null for one in memory. */
  private DatabaseFolder folder;
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
   * file on ({@code jdbc:sluice:check:}); see {@code io.sluice.engine.statement.CheckOnlyHandler}.
   */
  public static Database checkOnly() {
    return new Database("", true);
  }

  /** Whether this database only checks statements ({@link #checkOnly()}). */
  public boolean isCheckOnly() {
    return checkOnly;
  }

  /**
   * The database kept in {@code folder}, created there if the folder holds none: its tables (with
   * their rows), views, sources, sinks and settings as they were, and the continuous queries that
   * were running going on from their checkpoints. Within the JVM every call for one folder gets
   * the same database until it is closed; another process that has it open is named in the error.
   */
  public static Database open(Path folder) {
    Path key = folder.toAbsolutePath().normalize();
    synchronized (FOLDERS) {
      Database open = FOLDERS.get(key);
      if (open != null) {
        return open;
      }
      Database database = new Database(key.toString(), false);
      database.folder = DatabaseFolder.open(database, key);
      try {
        database.folder.restore();
      } catch (RuntimeException e) {
        database.queries.stopAll();
        database.folder.close();
        throw e;
      }
      FOLDERS.put(key, database);
      return database;
    }
  }

  /** The folder the database is kept in, or null for one in memory. */
  public Path folder() {
    return folder == null ? null : folder.folder();
  }

  /** The options sessions start with (saved in the database folder); empty in memory. */
  Map<String, String> savedOptions() {
    return folder == null ? Map.of() : folder.savedOptions();
  }

  /** The defaults of this database (a folder keeps checkpoints in it): what RESET goes back to. */
  Map<String, String> defaultOptions() {
    return folder == null ? Map.of() : folder.defaultOptions();
  }

  /** Saves the in-memory tables that changed in the database folder, if any, between statements. */
  void saveTables() {
    if (folder != null) {
      folder.saveTables();
    }
  }

  /** Saves in the database folder, if any, what a statement changed. */
  void statementDone(Session session, String sql, StatementResult result) {
    if (folder != null) {
      folder.statementDone(session, sql);
    }
  }

  /**
   * Stops the continuous queries at a batch boundary (a database folder restarts them from their
   * checkpoints when opened again) and, for a database folder, releases its lock.
   */
  @Override
  public void close() {
    queries.stopAll();
    if (folder != null) {
      synchronized (FOLDERS) {
        FOLDERS.remove(folder.folder(), this);
        folder.close();
      }
    }
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

  /** The continuous queries of this database, in the order they started, as the faces see them. */
  public List<LiveQuery> continuousQueries() {
    return List.copyOf(queries.list());
  }

  /**
   * Waits until the continuous queries have ended (those with the continuous trigger run until
   * stopped; queries a database folder restarted are not waited for) and returns those that failed.
   */
  public List<LiveQuery> awaitContinuousQueries() throws InterruptedException {
    return List.copyOf(queries.awaitAll());
  }

  /** Asks every continuous query to stop at its next batch boundary: a running batch commits first. Does not wait. */
  public void requestStopContinuousQueries() {
    queries.requestStopAll();
  }

  public CodeCache codeCache() {
    return CODE_CACHE;
  }

  public Session openSession() {
    return new Session(this);
  }
}
