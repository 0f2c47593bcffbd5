package io.sluice.engine.stream.script;

import io.sluice.catalog.DataType;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.Values;
import io.sluice.catalog.registry.Catalog;
import io.sluice.catalog.stream.RowKind;
import io.sluice.engine.Database;
import io.sluice.engine.Session;
import io.sluice.runtime.kernel.Vectors;
import io.sluice.runtime.state.StatefulOperator;
import io.sluice.engine.result.BatchProgress;
import io.sluice.engine.result.RowCursor;
import io.sluice.engine.result.StatementResult;
import io.sluice.engine.stream.MemorySink;
import io.sluice.engine.stream.MemorySource;
import io.sluice.engine.stream.QueryState;
import io.sluice.engine.stream.StreamingQuery;
import io.sluice.sqlparser.ScriptSplitter;
import io.sluice.sqlparser.StatementText;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/**
 * Runs every {@code .stream} script under {@code src/test/resources/stream} (format: {@link
 * StreamScript}), one dynamic test per file. Queries run with the manual trigger, one batch per
 * {@code batch} step. After every batch, each query's sink is compared with the same query run
 * as a batch over all rows its sources were given (in a second database where every source is
 * a table): equal, or contained in it while operators hold output back for the watermark.
 * Run one script with {@code -Dsluice.stream=name} (or several: {@code name,other}; a part of a name
 * picks every script whose name holds it). {@code -Dsluice.state.backend=disk} runs every
 * script's queries on the disk state backend ({@code pipeline.state.backend}), and {@code
 * -Dsluice.state.memory=SIZE} with that budget ({@code pipeline.state.memory}, whose quarter is the
 * disk backend's cache).
 */
class StreamScriptTest {
  @TempDir
  Path temp;

  @TestFactory
  Stream<DynamicTest> streamScripts() throws IOException, URISyntaxException {
    Path root = Paths.get(StreamScriptTest.class.getResource("/stream").toURI());
    List<String> only = List.of(System.getProperty("sluice.stream", "").split(","));
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(p -> p.toString().endsWith(".stream"))
          .filter(p -> only.stream().anyMatch(root.relativize(p).toString()::contains)).sorted().toList();
    }
    // a script that restarts queries runs twice: restarted from saved state, and through a checkpoint
    return files.stream().flatMap(file -> {
      String name = root.relativize(file).toString();
      String text = read(file);
      Stream<DynamicTest> saved = Stream.of(DynamicTest.dynamicTest(name, file.toUri(),
          () -> new Run(StreamScript.parse(name, text), Files.createTempDirectory(temp, "s"), false).run()));
      if (!RESTART.matcher(text).find()) {
        return saved;
      }
      return Stream.concat(saved, Stream.of(DynamicTest.dynamicTest(name + " [checkpoint]", file.toUri(),
          () -> new Run(StreamScript.parse(name, text), Files.createTempDirectory(temp, "s"), true).run())));
    });
  }

  private static final Pattern RESTART = Pattern.compile("(?m)^restart\\b");

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** One script's run: the streaming database, its bounded mirror, and the queries started. */
  private static final class Run {
    private static final Pattern CLOCK = Pattern.compile("\\+(\\d+)\\s*(ms|s|min)");

    private final StreamScript script;
    private final Path temp;
    private final Database database = Database.inMemory();
    private final Database mirror = Database.inMemory();
    private final Session session = database.openSession();
    private final Session mirrorSession = mirror.openSession();
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    /** Query text by sink, for the batch run. */
    private final Map<String, String> queries = new LinkedHashMap<>();
    private boolean differential = true;
    /** Late rows counted by queries that were restarted, by query id. */
    private final Map<String, Long> lateBeforeRestart = new LinkedHashMap<>();
    private StreamScript.Step step;

    /** Whether queries keep a checkpoint and {@code restart} starts the statement again on it. */
    private final boolean checkpointed;

    Run(StreamScript script, Path temp, boolean checkpointed) {
      this.script = script;
      this.temp = temp;
      this.checkpointed = checkpointed;
    }

    void run() {
      try {
        if (checkpointed) {
          drain(session.execute("SET 'pipeline.checkpoint' = '" + temp.resolve("checkpoints") + "'"));
        }
        setFromProperty("sluice.state.backend", "pipeline.state.backend");
        setFromProperty("sluice.state.memory", "pipeline.state.memory");
        for (StreamScript.Step s : script.steps()) {
          step = s;
          execute(s);
        }
      } finally {
        database.queries().stopAll();
        session.close();
        mirrorSession.close();
      }
    }

    /** Sets session option {@code option} to system property {@code property}'s value, if set. */
    private void setFromProperty(String property, String option) {
      String value = System.getProperty(property);
      if (value != null && !value.isBlank()) {
        drain(session.execute("SET '" + option + "' = '" + value + "'"));
        drain(session.execute("SET 'execution.spill-path' = '" + temp.resolve("work") + "'"));
      }
    }

    private void execute(StreamScript.Step s) {
      switch (s.command()) {
        case "sql":
          sql(s);
          break;
        case "start":
          start(s);
          break;
        case "rows":
          rows(s);
          break;
        case "batch":
          batch(s.word(1));
          break;
        case "process":
          for (StreamingQuery q : running()) {
            while (step(q)) {
              check(q);
            }
          }
          break;
        case "restart":
          restart(s.word(1));
          break;
        case "end":
          source(s.word(1)).end();
          break;
        case "clock":
          advanceClock(s.rest(1));
          break;
        case "changes":
          expect("changes", formatChanges(sink(s.word(1))), s.body(), !"ordered".equals(s.word(2)), s.word(1));
          break;
        case "sink":
          expect("content", content(s.word(1)), s.body(), true, s.word(1));
          break;
        case "state":
          expect("state", state(query(s.word(1))), s.body(), false, s.word(1));
          break;
        case "watermark": {
          Long w = query(s.word(1)).watermark();
          expect("watermark", List.of(w == null ? "none" : Values.formatTimestamp(w)), s.body(), false, s.word(1));
          break;
        }
        case "event-time":
          expect("event times", List.of(eventTimes(query(s.word(1)))), s.body(), false, s.word(1));
          break;
        case "late": {
          long late = lateBeforeRestart.getOrDefault(query(s.word(1)).id(), 0L);
          for (BatchProgress p : query(s.word(1)).progress()) {
            late += p.lateRows();
          }
          if (late != Long.parseLong(s.word(2))) {
            throw failure("expected " + s.word(2) + " late rows but there were " + late, s.word(1));
          }
          break;
        }
        case "differential":
          differential = !"off".equals(s.word(1));
          break;
        default:
          throw failure("unknown step '" + s.command() + "'", null);
      }
    }

    private void sql(StreamScript.Step s) {
      String text = String.join("\n", s.body()).replace("${TEMP}", temp.toString());
      if ("error".equals(s.word(1))) {
        try {
          session.executeScript(text);
        } catch (SluiceException e) {
          if (!e.getMessage().contains(s.rest(2))) {
            throw failure("the error lacks '" + s.rest(2) + "':\n" + e.getMessage(), null);
          }
          return;
        }
        throw failure("the statement should have failed", null);
      }
      for (StatementText statement : ScriptSplitter.split(text)) {
        String sql = statement.text().strip();
        String upper = sql.toUpperCase(Locale.ROOT);
        try {
          drain(session.execute(sql));
        } catch (SluiceException e) {
          throw failure("statement failed:\n" + sql + "\n" + e.getMessage(), null);
        }
        if (upper.startsWith("CREATE SOURCE")) {
          mirrorSource(sql);
        } else if (!upper.startsWith("CREATE SINK") && !upper.matches("(?s)(SET|RESET)\\s+'PIPELINE\\..*")) {
          drain(mirrorSession.execute(sql));
        }
      }
    }

    /** Declares a source of the streaming database as a table of the mirror, with the same columns. */
    private void mirrorSource(String sql) {
      for (Catalog.Entry entry : database.catalog().entries()) {
        if (entry.source() != null && mirror.catalog().find(entry.name()) == null) {
          TableSchema schema = entry.definition().schema();
          StringBuilder ddl = new StringBuilder("CREATE TABLE \"").append(entry.name()).append("\" (");
          for (int c = 0; c < schema.size(); c++) {
            ddl.append(c == 0 ? "" : ", ").append('"').append(schema.names().get(c)).append("\" ")
                .append(schema.types().get(c).sql());
          }
          drain(mirrorSession.execute(ddl.append(')').toString()));
        }
      }
    }

    private void start(StreamScript.Step s) {
      String sink = s.word(1);
      String query = String.join("\n", s.body());
      try {
        drain(session.execute("SET 'pipeline.trigger' = 'manual'"));
        drain(session.execute("INSERT INTO " + sink + " " + query));
      } catch (SluiceException e) {
        if ("error".equals(s.word(2))) {
          if (!e.getMessage().contains(s.rest(3))) {
            throw failure("the error lacks '" + s.rest(3) + "':\n" + e.getMessage(), null);
          }
          return;
        }
        throw failure("the query was refused:\n" + e.getMessage(), null);
      }
      if ("error".equals(s.word(2))) {
        throw failure("the query should have been refused", sink);
      }
      queries.put(sink, query);
      query(sink).setClock(clock::get);
    }

    /**
     * Saves the query into {@code sink} between batches, through bytes as a checkpoint would,
     * stops it, and resumes a new query of the same statement from the saved state in its place.
     */
    private void restart(String sink) {
      StreamingQuery old = query(sink);
      if (!queries.containsKey(sink) || old.status() != StreamingQuery.Status.RUNNING) {
        throw failure("no running query writes to '" + sink + "'", null);
      }
      if (checkpointed) {
        restartOnCheckpoint(sink, old);
        return;
      }
      QueryState saved;
      try {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
          old.state().writeTo(out);
        }
        saved = QueryState.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
      } catch (IOException | SluiceException e) {
        throw failure("the query's state could not be saved and read back: " + e, sink);
      }
      long late = lateBeforeRestart.getOrDefault(old.id(), 0L);
      for (BatchProgress p : old.progress()) {
        late += p.lateRows();
      }
      old.stop();
      StreamingQuery resumed;
      try {
        resumed = session.resumeQuery("INSERT INTO " + sink + " " + queries.get(sink), saved, old.id());
      } catch (SluiceException e) {
        throw failure("the query could not resume from its state:\n" + e.getMessage(), sink);
      }
      resumed.setClock(clock::get);
      lateBeforeRestart.put(resumed.id(), late);
    }

    /** Stops the query into {@code sink} and runs its statement again, which goes on from its checkpoint. */
    private void restartOnCheckpoint(String sink, StreamingQuery old) {
      long late = lateBeforeRestart.getOrDefault(old.id(), 0L);
      for (BatchProgress p : old.progress()) {
        late += p.lateRows();
      }
      old.stop();
      try {
        drain(session.execute("INSERT INTO " + sink + " " + queries.get(sink)));
      } catch (SluiceException e) {
        throw failure("the query could not go on from its checkpoint:\n" + e.getMessage(), sink);
      }
      StreamingQuery resumed = query(sink);
      resumed.setClock(clock::get);
      lateBeforeRestart.put(resumed.id(), late);
    }

    private void rows(StreamScript.Step s) {
      StringBuilder sql = new StringBuilder("INSERT INTO ").append(s.word(1)).append(" VALUES ");
      for (int i = 0; i < s.body().size(); i++) {
        sql.append(i == 0 ? "" : ", ").append('(').append(s.body().get(i).strip()).append(')');
      }
      try {
        drain(session.execute(sql.toString()));
        drain(mirrorSession.execute(sql.toString()));
      } catch (SluiceException e) {
        throw failure("rows refused:\n" + e.getMessage(), null);
      }
    }

    /**
     * {@code batch}: every query with something to do runs one batch (at least one must);
     * {@code batch SINK}: the query into SINK runs one batch; {@code batch none}: no query has a
     * batch to run.
     */
    private void batch(String which) {
      boolean none = "none".equals(which);
      boolean any = false;
      for (StreamingQuery q : running()) {
        if (which != null && !none && !q.sinkName().equalsIgnoreCase(which)) {
          continue;
        }
        boolean ran = step(q);
        if (ran && none) {
          throw failure("query " + q.id() + " ran a batch", q.sinkName());
        }
        if (ran) {
          check(q);
        } else if (which != null && !none) {
          throw failure("query " + q.id() + " had no batch to run", q.sinkName());
        }
        any |= ran;
      }
      if (!any && !none) {
        throw failure("no query had a batch to run", null);
      }
    }

    private boolean step(StreamingQuery q) {
      try {
        return q.step();
      } catch (SluiceException e) {
        throw failure("query " + q.id() + " failed:\n" + e.getMessage(), q.sinkName());
      }
    }

    private List<StreamingQuery> running() {
      List<StreamingQuery> list = new ArrayList<>();
      for (StreamingQuery q : database.queries().list()) {
        if (q.status() == StreamingQuery.Status.RUNNING) {
          list.add(q);
        }
      }
      return list;
    }

    private void advanceClock(String text) {
      Matcher m = CLOCK.matcher(text);
      if (!m.matches()) {
        throw failure("clock takes +N ms|s|min, not '" + text + "'", null);
      }
      long n = Long.parseLong(m.group(1));
      clock.addAndGet(m.group(2).equals("ms") ? n : m.group(2).equals("s") ? n * 1000 : n * 60_000);
    }

    /**
     * The differential check, after a batch of {@code q} (which read every row its sources were
     * given): its sink against its query run as a batch over all those rows.
     */
    private void check(StreamingQuery q) {
      if (!differential) {
        return;
      }
      for (Map.Entry<String, String> e : queries.entrySet()) {
        if (query(e.getKey()) != q) {
          continue;
        }
        List<String> streamed = content(e.getKey());
        List<String> bounded;
        try {
          bounded = rows(mirrorSession, e.getValue());
        } catch (SluiceException ex) {
          throw failure("the batch run of the query failed:\n" + ex.getMessage(), e.getKey());
        }
        Collections.sort(streamed);
        Collections.sort(bounded);
        boolean prefix = q.plan().pendingOutput();
        boolean ok = prefix ? containsAll(bounded, streamed) : bounded.equals(streamed);
        if (!ok) {
          throw failure("differential check: the sink " + (prefix ? "is not contained in" : "differs from")
              + " the result of the same query run as a batch over all rows so far.\nbatch result:\n  "
              + String.join("\n  ", bounded), e.getKey());
        }
      }
    }

    private static boolean containsAll(List<String> all, List<String> part) {
      Map<String, Integer> counts = new LinkedHashMap<>();
      for (String s : all) {
        counts.merge(s, 1, Integer::sum);
      }
      for (String s : part) {
        Integer c = counts.get(s);
        if (c == null || c == 0) {
          return false;
        }
        counts.put(s, c - 1);
      }
      return true;
    }

    private StreamingQuery query(String sink) {
      StreamingQuery found = null;
      for (StreamingQuery q : database.queries().list()) {
        if (q.sinkName().equalsIgnoreCase(sink)) {
          found = q;
        }
      }
      if (found == null) {
        throw failure("no query writes to '" + sink + "'", null);
      }
      return found;
    }

    private MemorySink sink(String name) {
      Catalog.Entry entry = database.catalog().get(name);
      if (!(entry.sink() instanceof MemorySink)) {
        throw failure("'" + name + "' is not a memory sink", null);
      }
      return (MemorySink) entry.sink();
    }

    private MemorySource source(String name) {
      Catalog.Entry entry = database.catalog().get(name);
      if (!(entry.source() instanceof MemorySource)) {
        throw failure("'" + name + "' is not a memory source", null);
      }
      return (MemorySource) entry.source();
    }

    private List<String> content(String sink) {
      MemorySink memory = sink(sink);
      return memory.table() == null ? new ArrayList<>() : rows(session, "SELECT * FROM " + sink);
    }

    private List<String> formatChanges(MemorySink sink) {
      List<DataType> types = sink.table() == null ? List.of() : sink.table().schema().types();
      Batch one = Batch.allocate(types, 1);
      List<String> lines = new ArrayList<>();
      for (MemorySink.Change change : sink.takeChanges()) {
        StringBuilder sb = new StringBuilder(RowKind.symbol(change.kind()));
        for (int c = 0; c < types.size(); c++) {
          one.columns[c].reset();
          Object v = change.values().get(c);
          if (v instanceof ByteBuffer) {
            ByteBuffer b = (ByteBuffer) v;
            ((BytesVector) one.columns[c]).set(0, b.array(), b.arrayOffset(), b.remaining());
          } else {
            Vectors.writeInternal(one.columns[c], 0, v);
          }
          String text = Values.format(types.get(c), one.columns[c], 0);
          sb.append(" | ").append(text == null ? "NULL" : text);
        }
        lines.add(sb.toString());
      }
      return lines;
    }

    /** The event times of the last batch that read rows, as "min | max | avg", or "none". */
    private static String eventTimes(StreamingQuery q) {
      String shown = "none";
      for (BatchProgress p : q.progress()) {
        BatchProgress.EventTime e = p.eventTime();
        if (p.inputRows() > 0) {
          shown = e == null ? "none" : Values.formatTimestamp(e.min()) + " | " + Values.formatTimestamp(e.max()) + " | "
              + Values.formatTimestamp(e.avg());
        }
      }
      return shown;
    }

    private static List<String> state(StreamingQuery q) {
      List<String> lines = new ArrayList<>();
      for (StatefulOperator s : q.plan().states()) {
        lines.add(s.operatorName() + " | " + s.stateRows());
      }
      return lines;
    }

    private void expect(String what, List<String> actual, List<String> expectedLines, boolean sort, String sink) {
      List<String> expected = new ArrayList<>();
      for (String line : expectedLines) {
        expected.add(normalize(line));
      }
      List<String> got = new ArrayList<>(actual);
      if (sort) {
        Collections.sort(expected);
        Collections.sort(got);
      }
      if (!expected.equals(got)) {
        throw failure("wrong " + what + "\nexpected:\n  " + String.join("\n  ", expected) + "\nactual:\n  "
            + String.join("\n  ", got), sink);
      }
    }

    /** Cells separated by '|' with any spaces around, as " | ". */
    private static String normalize(String line) {
      String[] cells = line.strip().split("\\s*\\|\\s*", -1);
      return String.join(" | ", cells);
    }

    private static List<String> rows(Session session, String sql) {
      StatementResult result = session.execute(sql);
      List<String> lines = new ArrayList<>();
      try (RowCursor rows = result.rows()) {
        int n = rows.schema().size();
        while (rows.next()) {
          StringBuilder sb = new StringBuilder();
          for (int c = 0; c < n; c++) {
            String v = rows.getString(c);
            sb.append(c == 0 ? "" : " | ").append(v == null ? "NULL" : v);
          }
          lines.add(sb.toString());
        }
      }
      return lines;
    }

    private static void drain(StatementResult result) {
      if (result.kind() == StatementResult.Kind.ROWS) {
        try (RowCursor rows = result.rows()) {
          while (rows.next()) {
            // surfaces errors raised while rows are produced
          }
        }
      }
    }

    /** A failure that shows the script with a cursor on the step, the sink's content and the query's plan. */
    private AssertionFailedError failure(String message, String sink) {
      StringBuilder sb = new StringBuilder(script.name()).append(':').append(step.line()).append(": ")
          .append(message).append("\n\n").append(script.excerpt(step));
      if (sink != null && queries.containsKey(sink)) {
        try {
          sb.append("\nsink ").append(sink).append(":\n  ").append(String.join("\n  ", content(sink)));
          sb.append("\n\nplan:\n").append(String.join("\n", rows(session, "EXPLAIN " + queries.get(sink))));
          StreamingQuery q = query(sink);
          sb.append("\nstate:\n  ").append(String.join("\n  ", state(q)));
        } catch (RuntimeException e) {
          sb.append("\n(could not show the sink or plan: ").append(e.getMessage()).append(')');
        }
      }
      return new AssertionFailedError(sb.toString());
    }
  }
}
