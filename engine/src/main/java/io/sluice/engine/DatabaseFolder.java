package io.sluice.engine;

import io.sluice.catalog.Column;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableKind;
import io.sluice.catalog.registry.Catalog;
import io.sluice.engine.folder.CatalogFile;
import io.sluice.engine.folder.FolderLock;
import io.sluice.engine.folder.TableDataFile;
import io.sluice.engine.statement.Options;
import io.sluice.engine.stream.StreamingQuery;
import io.sluice.engine.table.MemoryTable;
import io.sluice.sqlparser.CreateSink;
import io.sluice.sqlparser.CreateSource;
import io.sluice.sqlparser.CreateTable;
import io.sluice.sqlparser.CreateView;
import io.sluice.sqlparser.Drop;
import io.sluice.sqlparser.Insert;
import io.sluice.sqlparser.ObjectKind;
import io.sluice.sqlparser.ResetOption;
import io.sluice.sqlparser.SetOption;
import io.sluice.sqlparser.Statement;
import io.sluice.sqlparser.StatementParser;
import io.sluice.sqlparser.StopQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keeps a {@link Database} in a folder, so that a restart finds everything:
 * <pre>
 * lock          held while a process has the folder open; names the process
 * catalog       the commit point ({@link CatalogFile}): statements that rebuild tables, views, sources and
 *               sinks, saved settings, the data file of each in-memory table, the running queries
 * data/N.rows   rows of an in-memory table ({@link TableDataFile}): one file per INSERT, rewritten
 *               as one by UPDATE, DELETE and every {@value #MAX_FILES_PER_TABLE} files
 * checkpoints/  the checkpoints of continuous queries, unless 'pipeline.checkpoint' names another place
 * </pre>
 * Opening the folder deletes what a killed process left unfinished ({@code *.tmp}, data files the
 * catalog does not name), so it is never read.
 * After every statement that changes any of these, changed tables are written to new data files
 * and then the catalog is replaced; a crash in between leaves the old catalog, naming the old
 * files, so each statement is kept whole or not at all.
 */
final class DatabaseFolder {
  static final String DATA = "data";
  static final String CHECKPOINTS = "checkpoints";
  /** Files of one table's rows before they are rewritten as one: bounds the files a table is read from. */
  static final int MAX_FILES_PER_TABLE = 32;

  private final Database database;
  private final Path folder;
  private final FolderLock lock;
  private boolean restoring;
  private boolean closed;
  private long nextFile;
  private final Map<String, String> settings = new LinkedHashMap<>();
  private final Map<String, CatalogFile.Definition> definitions = new LinkedHashMap<>();
  private final Map<String, CatalogFile.TableData> data = new LinkedHashMap<>();
  private final Map<String, CatalogFile.Query> queries = new LinkedHashMap<>();
  /** The version of each in-memory table whose rows are on disk. */
  private final Map<String, Object> writtenVersions = new LinkedHashMap<>();
  /** The batches of each in-memory table that are on disk: an INSERT keeps them and adds more after. */
  private final Map<String, List<io.sluice.catalog.data.Batch>> writtenBatches = new LinkedHashMap<>();

  private DatabaseFolder(Database database, Path folder, FolderLock lock, CatalogFile.Contents contents) {
    this.database = database;
    this.folder = folder;
    this.lock = lock;
    nextFile = contents.nextFile();
    settings.putAll(contents.settings());
    for (CatalogFile.Definition d : contents.definitions()) {
      definitions.put(key(d.name()), d);
    }
    for (CatalogFile.TableData t : contents.data()) {
      data.put(key(t.name()), t);
    }
    for (CatalogFile.Query q : contents.queries()) {
      queries.put(q.id(), q);
    }
  }

  /** Locks {@code folder} (creating it if needed) and reads its catalog; {@link #restore} rebuilds the database. */
  static DatabaseFolder open(Database database, Path folder) {
    try {
      Files.createDirectories(folder.resolve(DATA));
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Cannot create database folder " + folder + ": " + e, e);
    }
    FolderLock lock = FolderLock.take(folder);
    try {
      CatalogFile.Contents contents = CatalogFile.read(folder);
      contents = contents == null ? CatalogFile.Contents.empty() : contents;
      removeLeftovers(folder, contents);
      return new DatabaseFolder(database, folder, lock, contents);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /**
   * Deletes what writes cut short by a kill left behind, before anything could read it: the
   * temporary files of {@link io.sluice.engine.folder.AtomicWrite} ({@code *.tmp}) and data files
   * the catalog does not name (an INSERT whose rows were written but whose catalog was not). The
   * catalog is the commit point and the folder is locked, so no other writer can own them.
   */
  private static void removeLeftovers(Path folder, CatalogFile.Contents contents) {
    java.util.Set<Path> named = new java.util.HashSet<>();
    for (CatalogFile.TableData t : contents.data()) {
      for (String file : t.files()) {
        named.add(folder.resolve(file).normalize());
      }
    }
    List<Path> leftovers = new ArrayList<>();
    try (java.util.stream.Stream<Path> files = Files.list(folder.resolve(DATA))) {
      files.filter(f -> !named.contains(f.normalize())).forEach(leftovers::add);
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Cannot list database folder " + folder.resolve(DATA) + ": " + e, e);
    }
    leftovers.add(folder.resolve(CatalogFile.FILE + ".tmp"));
    for (Path leftover : leftovers) {
      try {
        if (!Files.isDirectory(leftover)) {
          Files.deleteIfExists(leftover);
        }
      } catch (IOException e) {
        throw new SluiceException(ErrorCode.IO_ERROR, "Cannot delete " + leftover + ", left in database folder "
            + folder + " by a write cut short: " + e, e);
      }
    }
  }

  Path folder() {
    return folder;
  }

  /** The folder's own defaults: checkpoints under the folder. */
  Map<String, String> defaultOptions() {
    return Map.of("pipeline.checkpoint", folder.resolve(CHECKPOINTS).toString());
  }

  /** The options new sessions start with: the folder's defaults, then the saved settings. */
  synchronized Map<String, String> savedOptions() {
    Map<String, String> options = new LinkedHashMap<>(defaultOptions());
    options.putAll(settings);
    return options;
  }

  /**
   * Rebuilds the database from the catalog: runs its statements again (an object whose statement
   * needs another one runs after it), loads the rows of in-memory tables, and starts the queries
   * that were running, each from its checkpoint.
   */
  synchronized void restore() {
    restoring = true;
    try (Session session = database.openSession()) {
      List<CatalogFile.Definition> pending = new ArrayList<>(definitions.values());
      while (!pending.isEmpty()) {
        List<CatalogFile.Definition> failed = new ArrayList<>();
        SluiceException lastError = null;
        for (CatalogFile.Definition d : pending) {
          try {
            session.execute(d.statement());
          } catch (SluiceException e) {
            failed.add(d);
            lastError = e;
          }
        }
        if (failed.size() == pending.size()) {
          throw new SluiceException(ErrorCode.DATABASE_DAMAGED, "Database folder " + folder + ": cannot create '"
              + failed.get(0).name() + "' again from its statement in " + folder.resolve(CatalogFile.FILE) + ": "
              + lastError.getMessage(), lastError);
        }
        pending = failed;
      }
      Catalog catalog = database.catalog();
      for (CatalogFile.TableData t : data.values()) {
        Catalog.Entry entry = catalog.find(t.name());
        if (entry == null || !(entry.table() instanceof MemoryTable)) {
          throw new SluiceException(ErrorCode.DATABASE_DAMAGED, "Database catalog " + folder.resolve(CatalogFile.FILE)
              + " has rows for '" + t.name() + "', which is not an in-memory table");
        }
        MemoryTable table = (MemoryTable) entry.table();
        List<io.sluice.catalog.data.Batch> batches = new ArrayList<>();
        for (String file : t.files()) {
          batches.addAll(TableDataFile.read(folder.resolve(file), table.schema().types()));
        }
        table.replace(batches);
      }
      for (Catalog.Entry e : catalog.entries()) {
        if (e.kind() == TableKind.TABLE && e.table() instanceof MemoryTable) {
          writtenVersions.put(key(e.name()), e.table().version());
          writtenBatches.put(key(e.name()), ((MemoryTable) e.table()).batches());
        }
      }
    }
    for (CatalogFile.Query q : queries.values()) {
      Session session = database.openSession();
      for (Map.Entry<String, String> o : q.options().entrySet()) {
        session.setOption(o.getKey(), o.getValue());
      }
      try {
        session.resumeQuery(q.statement(), null, q.id());
        database.queries().markRestarted(q.id());
      } catch (SluiceException e) {
        throw new SluiceException(e.code(), "Database folder " + folder + ": query " + q.id() + " (" + q.statement()
            + ") cannot go on: " + e.getMessage(), e);
      }
    }
    restoring = false;
  }

  /** Saves what {@code sql}, run by {@code session}, changed. */
  synchronized void statementDone(Session session, String sql) {
    if (restoring) {
      return;
    }
    if (closed) {
      throw new SluiceException(ErrorCode.DATABASE_IN_USE, "Database folder " + folder + " was closed: the statement"
          + " ran but is not saved. Open the folder again to go on");
    }
    Statement statement;
    try {
      statement = StatementParser.parse(sql);
    } catch (RuntimeException e) {
      return; // it ran, so it parsed; nothing else to save from it
    }
    boolean changed = recordStatement(session, sql.strip(), statement);
    List<Path> obsolete = new ArrayList<>();
    try {
      changed |= writeChangedTables(obsolete);
      if (changed) {
        CatalogFile.write(folder, contents());
      }
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "The statement ran but could not be saved in database folder "
          + folder + ": " + e, e);
    }
    deleteQuietly(obsolete);
  }

  /**
   * Writes the in-memory tables that changed since the last save, outside any statement: a running
   * query's rejects table when its batch commits, before the batch's commit record, so that a
   * crash afterwards finds them (a batch run again after a crash does not write them twice:
   * {@link io.sluice.engine.exec.RejectCounts#flush(boolean)}).
   */
  synchronized void saveTables() {
    if (restoring || closed) {
      return;
    }
    List<Path> obsolete = new ArrayList<>();
    try {
      if (writeChangedTables(obsolete)) {
        CatalogFile.write(folder, contents());
      }
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Cannot save the tables of database folder " + folder + ": "
          + e, e);
    }
    deleteQuietly(obsolete);
  }

  private static void deleteQuietly(List<Path> obsolete) {
    for (Path p : obsolete) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // an unreferenced file: deleted when the folder next opens
      }
    }
  }

  private boolean recordStatement(Session session, String sql, Statement statement) {
    Catalog catalog = database.catalog();
    String created = statement instanceof CreateTable ? ((CreateTable) statement).name()
        : statement instanceof CreateView ? ((CreateView) statement).name()
        : statement instanceof CreateSource ? ((CreateSource) statement).name()
        : statement instanceof CreateSink ? ((CreateSink) statement).name() : null;
    if (created != null) {
      Catalog.Entry entry = catalog.find(created);
      CatalogFile.Definition old = definitions.remove(key(created));
      if (entry == null) {
        return old != null;
      }
      String text = sql;
      if (entry.table() instanceof MemoryTable || statement instanceof CreateTable
          && ((CreateTable) statement).asQuery() != null) {
        text = tableStatement(entry); // rows are in the data file: the statement must not insert them again
      } else if (old != null && isIfNotExists(statement)) {
        text = old.statement(); // CREATE ... IF NOT EXISTS over an existing object left it as it was
      }
      definitions.put(key(created), new CatalogFile.Definition(entry.name(), text));
      return true;
    }
    if (statement instanceof Drop drop && drop.kind() == ObjectKind.INDEX) {
      return false; // indexes have names of their own and are not kept in the folder yet
    }
    if (statement instanceof Drop drop) {
      String name = drop.name();
      boolean changed = definitions.remove(key(name)) != null;
      if (drop.cascade()) { // the views dropped with the table
        changed |= definitions.keySet().removeIf(view -> catalog.find(view) == null);
      }
      for (CatalogFile.Query q : new ArrayList<>(queries.values())) {
        if (key(sinkOf(q.statement())).equals(key(name))) {
          queries.remove(q.id());
          changed = true;
        }
      }
      return changed;
    }
    if (statement instanceof SetOption || statement instanceof ResetOption) {
      Map<String, String> now = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : session.options().entrySet()) {
        Session.OptionOrigin origin = session.origin(e.getKey());
        boolean folderDefault = e.getKey().equals("pipeline.checkpoint")
            && e.getValue().equals(folder.resolve(CHECKPOINTS).toString());
        if ((origin == Session.OptionOrigin.SESSION || origin == Session.OptionOrigin.DATABASE) && !folderDefault
            && !Options.isSessionOnly(e.getKey())) {
          now.put(e.getKey(), e.getValue());
        }
      }
      if (now.equals(settings)) {
        return false;
      }
      settings.clear();
      settings.putAll(now);
      return true;
    }
    if (statement instanceof Insert) {
      String sink = ((Insert) statement).target();
      Catalog.Entry target = catalog.find(sink);
      if (target == null || target.kind() != TableKind.SINK) {
        return false;
      }
      StreamingQuery started = null;
      for (StreamingQuery q : database.queries().list()) {
        if (q.sinkName().equalsIgnoreCase(target.name())) {
          started = q; // the latest into that sink: the one this statement started
        }
      }
      if (started == null) {
        return false;
      }
      Map<String, String> options = new LinkedHashMap<>(session.options());
      options.keySet().removeIf(Options::isSessionOnly);
      queries.put(started.id(), new CatalogFile.Query(started.id(), sql, options));
      return true;
    }
    if (statement instanceof StopQuery) {
      return queries.remove(((StopQuery) statement).id().toLowerCase(Locale.ROOT)) != null;
    }
    return false;
  }

  /** Writes the rows of every in-memory table that changed since its last write; returns whether one did. */
  private boolean writeChangedTables(List<Path> obsolete) throws IOException {
    boolean changed = false;
    Map<String, Catalog.Entry> tables = new LinkedHashMap<>();
    for (Catalog.Entry e : database.catalog().entries()) {
      if (e.kind() == TableKind.TABLE && e.table() instanceof MemoryTable) {
        tables.put(key(e.name()), e);
      }
    }
    for (String gone : new ArrayList<>(data.keySet())) {
      if (!tables.containsKey(gone)) {
        for (String file : data.remove(gone).files()) {
          obsolete.add(folder.resolve(file));
        }
        changed = true;
      }
    }
    writtenVersions.keySet().retainAll(tables.keySet());
    writtenBatches.keySet().retainAll(tables.keySet());
    for (Map.Entry<String, Catalog.Entry> e : tables.entrySet()) {
      MemoryTable table = (MemoryTable) e.getValue().table();
      Object version = table.version();
      if (version.equals(writtenVersions.get(e.getKey()))) {
        continue;
      }
      List<io.sluice.catalog.data.Batch> batches = table.batches();
      long rows = table.rowCount();
      CatalogFile.TableData old = data.get(e.getKey());
      List<io.sluice.catalog.data.Batch> written = writtenBatches.get(e.getKey());
      List<String> files = new ArrayList<>();
      List<io.sluice.catalog.data.Batch> toWrite = batches;
      if (rows > 0 && old != null && written != null && startsWith(batches, written)
          && old.files().size() < MAX_FILES_PER_TABLE) {
        files.addAll(old.files()); // rows were only added: write the new ones after the others
        toWrite = batches.subList(written.size(), batches.size());
      } else if (old != null) {
        for (String file : old.files()) {
          obsolete.add(folder.resolve(file));
        }
      }
      if (rows > 0 && !toWrite.isEmpty()) {
        String file = DATA + "/" + (nextFile++) + ".rows";
        TableDataFile.write(folder.resolve(file), table.schema().types(), toWrite);
        files.add(file);
      }
      data.remove(e.getKey());
      if (rows > 0) {
        data.put(e.getKey(), new CatalogFile.TableData(e.getValue().name(), files, rows));
      }
      writtenVersions.put(e.getKey(), version);
      writtenBatches.put(e.getKey(), batches);
      changed |= old != null || rows > 0;
    }
    return changed;
  }

  /** Whether {@code list} begins with the very objects of {@code prefix}. */
  private static boolean startsWith(List<?> list, List<?> prefix) {
    if (prefix.size() > list.size()) {
      return false;
    }
    for (int i = 0; i < prefix.size(); i++) {
      if (list.get(i) != prefix.get(i)) {
        return false;
      }
    }
    return true;
  }

  private CatalogFile.Contents contents() {
    return new CatalogFile.Contents(nextFile, new LinkedHashMap<>(settings), new ArrayList<>(definitions.values()),
        new ArrayList<>(data.values()), new ArrayList<>(queries.values()));
  }

  /** {@code CREATE TABLE} with the table's columns and options, without a query. */
  private static String tableStatement(Catalog.Entry entry) {
    StringBuilder sb = new StringBuilder("CREATE TABLE ").append(quote(entry.name())).append(" (");
    List<Column> columns = entry.definition().schema().columns();
    for (int i = 0; i < columns.size(); i++) {
      Column c = columns.get(i);
      sb.append(i == 0 ? "" : ", ").append(quote(c.name())).append(' ').append(c.type().sql())
          .append(c.type().nullable() ? "" : " NOT NULL");
    }
    sb.append(')');
    Map<String, String> options = entry.definition().options();
    if (options != null && !options.isEmpty()) {
      sb.append(" WITH (");
      int i = 0;
      for (Map.Entry<String, String> o : options.entrySet()) {
        sb.append(i++ == 0 ? "" : ", ").append('\'').append(o.getKey().replace("'", "''")).append("' = '")
            .append(o.getValue().replace("'", "''")).append('\'');
      }
      sb.append(')');
    }
    return sb.toString();
  }

  private static boolean isIfNotExists(Statement s) {
    return s instanceof CreateTable ? ((CreateTable) s).ifNotExists()
        : s instanceof CreateView ? ((CreateView) s).ifNotExists()
        : s instanceof CreateSource ? ((CreateSource) s).ifNotExists()
        : s instanceof CreateSink && ((CreateSink) s).ifNotExists();
  }

  private static String sinkOf(String insert) {
    try {
      Statement s = StatementParser.parse(insert);
      return s instanceof Insert ? ((Insert) s).target() : "";
    } catch (RuntimeException e) {
      return "";
    }
  }

  private static String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /**
   * Saves the in-memory tables that changed since the last statement (a rejects table fills as a
   * stream's batches commit and as a result is read, with no statement after), then releases the
   * folder: nothing is saved in it afterwards.
   */
  synchronized void close() {
    if (closed) {
      return;
    }
    List<Path> obsolete = new ArrayList<>();
    try {
      if (writeChangedTables(obsolete)) {
        CatalogFile.write(folder, contents());
        deleteQuietly(obsolete);
      }
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Could not save the tables' last rows in database folder "
          + folder + ": " + e, e);
    } finally {
      closed = true;
      lock.close();
    }
  }
}
