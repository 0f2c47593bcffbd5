package io.sluice.engine;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.IndexDefinition;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableKind;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.registry.Catalog;
import io.sluice.engine.folder.CatalogFile;
import io.sluice.engine.folder.FolderLock;
import io.sluice.engine.folder.FolderData;
import io.sluice.engine.statement.ColumnList;
import io.sluice.engine.statement.Options;
import io.sluice.engine.statement.QueryLauncher;
import io.sluice.engine.stream.MemorySink;
import io.sluice.engine.stream.MemorySource;
import io.sluice.engine.stream.RowsKeeper;
import io.sluice.engine.stream.StreamingQuery;
import io.sluice.engine.table.MemoryTable;
import io.sluice.sqlparser.CreateIndex;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Keeps a {@link Database} in a folder, so that a restart finds everything:
 * <pre>
 * lock          held while a process has the folder open; names the process
 * catalog       the commit point ({@link CatalogFile}): statements that rebuild tables, views, sources and
 *               sinks, saved settings, the data files of each in-memory table, memory source and
 *               memory sink, the last batch each memory sink committed, the running queries
 * data/N.rows   rows of one of those ({@link TableDataFile}, {@link FolderData}): one file per INSERT
 *               or sink batch, rewritten as one by UPDATE, DELETE and every so many files
 * checkpoints/  the checkpoints of continuous queries, unless 'pipeline.checkpoint' names another place
 * </pre>
 * Opening the folder deletes what a killed process left unfinished ({@code *.tmp}, data files the
 * catalog does not name), so it is never read.
 * After every statement that changes any of these, changed tables are written to new data files
 * and then the catalog is replaced; a crash in between leaves the old catalog, naming the old
 * files, so each statement is kept whole or not at all. Memory sources and sinks are saved the same
 * way as they change ({@link RowsKeeper}): a source's appended rows before a query can read them, a
 * sink's batch before its query's checkpoint commits it. So after a kill a query's committed offsets
 * never run ahead of its sources, and its sinks know which batches they hold.
 */
final class DatabaseFolder {
  static final String DATA = FolderData.DATA;
  static final String CHECKPOINTS = "checkpoints";

  private final Database database;
  private final Path folder;
  private final FolderLock lock;
  private boolean restoring;
  private boolean closed;
  private final FolderData files;
  private final Map<String, String> settings = new LinkedHashMap<>();
  private final Map<String, CatalogFile.Definition> definitions = new LinkedHashMap<>();
  private final Map<String, CatalogFile.SinkMark> sinks = new LinkedHashMap<>();
  private final Map<String, CatalogFile.Query> queries = new LinkedHashMap<>();
  /** The folder's CREATE INDEX statements as read, kept until {@link #restore} has run them. */
  private final List<CatalogFile.Definition> savedIndexes;
  /** The memory source or sink each name's {@link RowsKeeper} saves; another object of that name is not saved. */
  private final Map<String, Object> kept = new LinkedHashMap<>();

  private DatabaseFolder(Database database, Path folder, FolderLock lock, CatalogFile.Contents contents) {
    this.database = database;
    this.folder = folder;
    this.lock = lock;
    files = new FolderData(folder, contents);
    settings.putAll(contents.settings());
    for (CatalogFile.Definition d : contents.definitions()) {
      definitions.put(key(d.name()), d);
    }
    for (CatalogFile.SinkMark m : contents.sinks()) {
      sinks.put(key(m.name()), m);
    }
    for (CatalogFile.Query q : contents.queries()) {
      queries.put(q.id(), q);
    }
    savedIndexes = contents.indexes();
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
      for (CatalogFile.TableData t : files.files()) {
        Catalog.Entry entry = catalog.find(t.name());
        if (entry == null || !(entry.table() instanceof MemoryTable || entry.source() instanceof MemorySource
            || entry.sink() instanceof MemorySink)) {
          throw new SluiceException(ErrorCode.DATABASE_DAMAGED, "Database catalog " + folder.resolve(CatalogFile.FILE)
              + " has rows for '" + t.name() + "', which is not an in-memory table, memory source or memory sink");
        }
      }
      for (Catalog.Entry e : catalog.entries()) {
        if (e.kind() == TableKind.TABLE && e.table() instanceof MemoryTable table) {
          table.replace(files.read(e.name(), table.schema().types()));
          files.markWritten(e.name(), table.batches());
        } else if (e.source() instanceof MemorySource || e.sink() instanceof MemorySink) {
          keep(e, true);
        }
      }
      for (CatalogFile.Definition index : savedIndexes) {
        try {
          session.execute(index.statement());
        } catch (SluiceException e) {
          throw new SluiceException(ErrorCode.DATABASE_DAMAGED, "Database folder " + folder + ": cannot create index '"
              + index.name() + "' again from its statement in " + folder.resolve(CatalogFile.FILE) + ": "
              + e.getMessage(), e);
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

  /**
   * Saves a memory source or sink from now on, as it changes; {@code restored}: first gives it the
   * rows (and for a sink the last batch) the folder saved for it. Called with the folder locked; the
   * object's own lock is taken inside, which cannot deadlock with {@link #saveRows} (object, then
   * folder): an object calls that only once it is kept, and a kept object is not kept again.
   */
  private void keep(Catalog.Entry entry, boolean restored) {
    String name = entry.name();
    if (entry.source() instanceof MemorySource source) {
      List<Batch> rows = restored ? files.read(name, source.schema().types()) : List.of();
      source.keepWith((schema, batches, lastBatch) -> saveRows(name, source, schema, batches, lastBatch), rows);
      files.markWritten(name, restored ? source.batches() : List.of()); // rows it got before this: saved with its next
      kept.put(key(name), source);
      return;
    }
    MemorySink sink = (MemorySink) entry.sink();
    CatalogFile.SinkMark mark = restored ? sinks.get(key(name)) : null;
    TableSchema schema = sink.schema();
    if (schema == null && mark != null) {
      schema = ColumnList.parse(mark.columns());
    }
    List<Batch> rows = restored && schema != null ? files.read(name, schema.types()) : List.of();
    sink.keepWith((s, batches, lastBatch) -> saveRows(name, sink, s, batches, lastBatch), schema, rows,
        mark == null ? -1 : mark.lastBatch());
    if (entry.table() == null && sink.table() != null) { // declared without columns: a table from now on
      QueryLauncher.registerMemorySink(database.catalog(), entry, sink.table().schema());
    }
    files.markWritten(name, restored && sink.table() != null ? sink.table().batches() : List.of());
    kept.put(key(name), sink);
  }

  /** {@link RowsKeeper} of a memory source or sink: writes its rows, then the catalog naming them. */
  private synchronized void saveRows(String name, Object owner, TableSchema schema, List<Batch> batches,
      long lastBatch) {
    if (closed) {
      throw new SluiceException(ErrorCode.DATABASE_IN_USE, "Database folder " + folder + " was closed: the rows of '"
          + name + "' cannot be saved. Open the folder again to go on");
    }
    if (kept.get(key(name)) != owner) {
      return; // dropped (or dropped and created again): its rows are not the database's any more
    }
    List<Path> obsolete = new ArrayList<>();
    try {
      files.write(name, schema.types(), batches, obsolete);
      if (owner instanceof MemorySink) {
        sinks.put(key(name), new CatalogFile.SinkMark(name, lastBatch, ColumnList.of(schema)));
      }
      CatalogFile.write(folder, contents());
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "The rows of '" + name + "' could not be saved in database folder "
          + folder + ": " + e, e);
    }
    deleteQuietly(obsolete);
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
      if ((entry.source() instanceof MemorySource || entry.sink() instanceof MemorySink)
          && kept.get(key(created)) != (entry.source() != null ? entry.source() : entry.sink())) {
        keep(entry, false);
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
    if (statement instanceof CreateIndex || statement instanceof Drop drop && drop.kind() == ObjectKind.INDEX) {
      return true; // the catalog's indexes are written as they are now (contents())
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

  /**
   * Writes the rows of every in-memory table that changed since its last write, and forgets the rows
   * of objects dropped; returns whether the catalog must change. Memory sources and sinks save
   * themselves as they change ({@link #saveRows}).
   */
  private boolean writeChangedTables(List<Path> obsolete) throws IOException {
    Set<String> live = new HashSet<>();
    Map<String, MemoryTable> tables = new LinkedHashMap<>();
    for (Catalog.Entry e : database.catalog().entries()) {
      Object owner = kept.get(key(e.name()));
      if (e.kind() == TableKind.TABLE && e.table() instanceof MemoryTable table) {
        tables.put(e.name(), table);
        live.add(key(e.name()));
      } else if (owner != null && (owner == e.source() || owner == e.sink())) {
        live.add(key(e.name()));
      }
    }
    kept.keySet().retainAll(live);
    boolean changed = files.retainOnly(live, obsolete);
    changed |= sinks.keySet().removeIf(name -> !kept.containsKey(name));
    for (Map.Entry<String, MemoryTable> e : tables.entrySet()) {
      changed |= files.write(e.getKey(), e.getValue().schema().types(), e.getValue().batches(), obsolete);
    }
    return changed;
  }

  private CatalogFile.Contents contents() {
    return new CatalogFile.Contents(files.nextFile(), new LinkedHashMap<>(settings),
        new ArrayList<>(definitions.values()), files.files(), new ArrayList<>(sinks.values()),
        new ArrayList<>(queries.values()), restoring ? savedIndexes : indexStatements(database.catalog()));
  }

  /** CREATE INDEX of every index but primary keys (which go with their tables' statements). */
  private static List<CatalogFile.Definition> indexStatements(Catalog catalog) {
    List<CatalogFile.Definition> statements = new ArrayList<>();
    for (IndexDefinition index : catalog.indexes()) {
      Catalog.Entry table = catalog.find(index.table());
      if (!index.primaryKey() && table != null) {
        statements.add(new CatalogFile.Definition(index.name(), "CREATE " + (index.unique() ? "UNIQUE " : "")
            + "INDEX " + quote(index.name()) + " ON " + quote(table.name())
            + ("hash".equals(index.method()) ? " USING hash" : "") + " (" + columns(table, index) + ")"));
      }
    }
    return statements;
  }

  /** The index's columns as the table names them, quoted. */
  private static String columns(Catalog.Entry table, IndexDefinition index) {
    TableSchema schema = table.definition().schema();
    StringBuilder sb = new StringBuilder();
    for (String column : index.columns()) {
      int position = schema.indexOf(column);
      sb.append(sb.length() == 0 ? "" : ", ").append(quote(position < 0 ? column : schema.column(position).name()));
    }
    return sb.toString();
  }

  /** {@code CREATE TABLE} with the table's columns, primary key and options, without a query. */
  private String tableStatement(Catalog.Entry entry) {
    StringBuilder sb = new StringBuilder("CREATE TABLE ").append(quote(entry.name())).append(" (")
        .append(ColumnList.of(entry.definition().schema()));
    for (IndexDefinition index : database.catalog().indexesOf(entry.name())) {
      if (index.primaryKey()) {
        sb.append(", PRIMARY KEY (").append(columns(entry, index)).append(')');
      }
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
