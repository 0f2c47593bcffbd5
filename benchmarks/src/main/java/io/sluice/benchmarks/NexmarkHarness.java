package io.sluice.benchmarks;

import io.sluice.catalog.SluiceException;
import io.sluice.engine.Database;
import io.sluice.engine.Session;
import io.sluice.engine.stream.StreamingQuery;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Nexmark queries into a blackhole sink, measured in input rows per CPU-second of the whole
 * process (the figure ../shared/bench/peers reports for Flink, Spark and DuckDB). The input is
 * either the built-in {@code nexmark} source or the files ../shared/bench/nexmark-gen writes
 * (a {@code files} source per table over {@code DATA/FORMAT/TABLE/}). Each query runs {@code
 * --warmup-runs} whole times on the measured input (the JIT is still compiling long after a short
 * warm-up input), then {@code --repeat} times measured (the median and the spread are reported),
 * with the available-now trigger so it ends when the input does. Each run also prints the CPU of
 * the query's thread, the checkpoint writer, the JIT compilers and the collector ({@link ThreadCpu}).
 *
 * <p>Input rows are counted as the peers count them: the rows of each table the query reads,
 * once per table (a self-join of {@code bid} counts the bid rows once). For files they come from
 * the generator's {@code manifest.txt}; for the built-in source from the 1 : 3 : 46 event mix.
 * The rows the query's sources reported in their progress records are printed beside them.
 *
 * <pre>
 * # built-in source, 10 M events (legacy form: [events] [queries])
 * java -cp benchmarks.jar io.sluice.benchmarks.NexmarkHarness --events 10000000 --query q0,q1
 * # nexmark-gen files
 * java -cp benchmarks.jar io.sluice.benchmarks.NexmarkHarness --data /tmp/sluice-bench/nexmark-10m \
 *     --warmup-data /tmp/sluice-bench/nexmark-1m --format csv --query q0,q1,q2,q5h,q7t --repeat 3
 * # parallelism 1 and 2, runs alternating
 * java -cp benchmarks.jar io.sluice.benchmarks.NexmarkHarness --events 10000000 --query q0 --parallelism 1,2 --repeat 5
 * </pre>
 */
public final class NexmarkHarness {
  /** Query text and the tables it reads. */
  record Query(String sql, List<String> tables) {}

  static final Map<String, Query> QUERIES = new LinkedHashMap<>();

  static void q(String name, String sql, String... tables) {
    QUERIES.put(name, new Query(sql, List.of(tables)));
  }

  static {
    // The SQL of ../shared/bench/peers/flink-sql FlinkNexmark (the nexmark/nexmark repository's), without backquotes.
    q("q0", "SELECT auction, bidder, price, dateTime, extra FROM bid", "bid");
    q("q1", "SELECT auction, bidder, 0.908 * price AS price, dateTime, extra FROM bid", "bid");
    q("q2", "SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0", "bid");
    // Nexmark q3 joins two streams without a time bound, which Sluice refuses (its state would grow
    // forever); in the generator's model a seller's person record comes at most 5 s before and
    // 50 ms after the auction (at 10,000 events per second), so this interval join gives q3's rows
    q("q3", "SELECT P.name, P.city, P.state, A.id FROM auction AS A INNER JOIN person AS P"
        + " ON A.seller = P.id AND A.dateTime BETWEEN P.dateTime - INTERVAL '1' SECOND"
        + " AND P.dateTime + INTERVAL '10' SECOND"
        + " WHERE A.category = 10 AND (P.state = 'OR' OR P.state = 'ID' OR P.state = 'CA')", "auction", "person");
    // Nexmark q4: the average closing price per category, an aggregation over the changelog of the
    // highest bid per auction (update mode). A bid counts while its auction is open; each auction is
    // kept until the watermark passes its expires
    q("q4", "SELECT Q.category, AVG(Q.final) AS average FROM ("
        + "   SELECT MAX(B.price) AS final, A.category FROM auction A, bid B"
        + "   WHERE A.id = B.auction AND B.dateTime BETWEEN A.dateTime AND A.expires"
        + "   GROUP BY A.id, A.category) Q"
        + " GROUP BY Q.category", "auction", "bid");
    // q4's and q6's join alone
    q("q4j", "SELECT A.id, A.category, B.price FROM auction A JOIN bid B"
        + " ON A.id = B.auction AND B.dateTime BETWEEN A.dateTime AND A.expires", "auction", "bid");
    q("q6j", "SELECT A.id, A.seller, B.price, B.dateTime FROM auction AS A, bid AS B"
        + " WHERE A.id = B.auction AND B.dateTime BETWEEN A.dateTime AND A.expires", "auction", "bid");
    q("q5h", "SELECT auction, COUNT(*) AS num, window_start, window_end"
        + " FROM TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '2' SECOND, INTERVAL '10' SECOND))"
        + " GROUP BY auction, window_start, window_end", "bid");
    q("q5", "SELECT AuctionBids.auction, AuctionBids.num"
        + " FROM ("
        + "   SELECT auction, COUNT(*) AS num, window_start AS starttime, window_end AS endtime"
        + "   FROM TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '2' SECOND, INTERVAL '10' SECOND))"
        + "   GROUP BY auction, window_start, window_end"
        + " ) AS AuctionBids"
        + " JOIN ("
        + "   SELECT MAX(CountBids.num) AS maxn, CountBids.starttime, CountBids.endtime"
        + "   FROM ("
        + "     SELECT COUNT(*) AS num, window_start AS starttime, window_end AS endtime"
        + "     FROM TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '2' SECOND, INTERVAL '10' SECOND))"
        + "     GROUP BY auction, window_start, window_end"
        + "   ) AS CountBids"
        + "   GROUP BY CountBids.starttime, CountBids.endtime"
        + " ) AS MaxBids"
        + " ON AuctionBids.starttime = MaxBids.starttime AND AuctionBids.endtime = MaxBids.endtime"
        + " AND AuctionBids.num >= MaxBids.maxn", "bid");
    // Nexmark q11: bids per bidder session (10 s of inactivity ends one). In append mode each
    // session's count comes once it closes; with --output-mode update every batch updates the
    // sessions it changed
    q("q11", "SELECT bidder, COUNT(*) AS bid_count, window_start AS starttime, window_end AS endtime"
        + " FROM TABLE(SESSION(TABLE bid PARTITION BY bidder, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))"
        + " GROUP BY bidder, window_start, window_end", "bid");
    q("q7t", "SELECT MAX(price) AS maxprice, window_start, window_end"
        + " FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))"
        + " GROUP BY window_start, window_end", "bid");
    q("q7", "SELECT B.auction, B.price, B.bidder, B.dateTime, B.extra"
        + " FROM bid B"
        + " JOIN ("
        + "   SELECT MAX(price) AS maxprice, window_end AS dateTime"
        + "   FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))"
        + "   GROUP BY window_start, window_end"
        + " ) B1"
        + " ON B.price = B1.maxprice"
        + " WHERE B.dateTime BETWEEN B1.dateTime - INTERVAL '10' SECOND AND B1.dateTime", "bid");
    // Nexmark q18: each bidder's last bid per auction (deduplication keeping the latest row, a changelog)
    q("q18", "SELECT auction, bidder, price, channel, url, dateTime, extra FROM ("
        + "   SELECT *, ROW_NUMBER() OVER (PARTITION BY bidder, auction ORDER BY dateTime DESC) AS rank_number"
        + "   FROM bid) WHERE rank_number <= 1", "bid");
    // Nexmark q19: the ten highest bids of each auction (a Top-N, a changelog)
    q("q19", "SELECT * FROM ("
        + "   SELECT *, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC) AS rank_number FROM bid)"
        + " WHERE rank_number <= 10", "bid");
    q("q8", "SELECT P.id, P.name, P.starttime"
        + " FROM (SELECT id, name, window_start AS starttime, window_end AS endtime"
        + "   FROM TABLE(TUMBLE(TABLE person, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))"
        + "   GROUP BY id, name, window_start, window_end) P"
        + " JOIN (SELECT seller, window_start AS starttime, window_end AS endtime"
        + "   FROM TABLE(TUMBLE(TABLE auction, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))"
        + "   GROUP BY seller, window_start, window_end) A"
        + " ON P.id = A.seller AND P.starttime = A.starttime AND P.endtime = A.endtime", "auction", "person");
  }

  /** Columns of each table in nexmark-gen's schema order (OUT/schema.sql), with the peers' watermark. */
  static final Map<String, String> COLUMNS = Map.of(
      "person", "id BIGINT, name VARCHAR, emailAddress VARCHAR, creditCard VARCHAR, city VARCHAR, state VARCHAR,"
          + " dateTime TIMESTAMP(3), extra VARCHAR",
      "auction", "id BIGINT, itemName VARCHAR, description VARCHAR, initialBid BIGINT, reserve BIGINT,"
          + " dateTime TIMESTAMP(3), expires TIMESTAMP(3), seller BIGINT, category BIGINT, extra VARCHAR",
      "bid", "auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR, dateTime TIMESTAMP(3),"
          + " extra VARCHAR");

  /** Share of each table in 50 events (person 1, auction 3, bid 46), as in nexmark-gen. */
  static final Map<String, Integer> MIX = Map.of("person", 1, "auction", 3, "bid", 46);

  /** Where one run reads from. */
  interface Input {
    String ddl(String table);

    long rows(String table) throws IOException;

    String describe();
  }

  record BuiltIn(long events) implements Input {
    @Override
    public String ddl(String table) {
      return "CREATE SOURCE " + table + " (" + COLUMNS.get(table)
          + ", WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND)"
          + " WITH (connector = 'nexmark', 'table' = '" + table + "', 'events-per-second' = 'unlimited',"
          + " 'max-events' = '" + events + "', 'max-events-per-batch' = '1000000')";
    }

    @Override
    public long rows(String table) {
      int share = MIX.get(table);
      int before = table.equals("person") ? 0 : table.equals("auction") ? 1 : 4;
      long full = events / 50 * share;
      long rem = events % 50; // the last partial cycle holds event numbers 0 .. rem-1 of the mix
      return full + Math.max(0, Math.min(rem - before, share));
    }

    @Override
    public String describe() {
      return "nexmark events=" + events;
    }
  }

  record FilesInput(Path data, String format, int maxFilesPerTrigger) implements Input {
    String folder() {
      return format.equals("json") ? "jsonl" : format;
    }

    @Override
    public String ddl(String table) {
      String path = data.resolve(folder()).resolve(table).toAbsolutePath().toString();
      String extra = format.equals("csv") ? ", quote = ''" : ""; // nexmark-gen writes no quotes (as DuckDB reads it)
      return "CREATE SOURCE " + table + " (" + COLUMNS.get(table)
          + ", WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND)"
          + " WITH (connector = 'files', path = '" + path.replace("'", "''") + "', format = '"
          + (format.equals("jsonl") ? "json" : format) + "'" + extra
          + (maxFilesPerTrigger > 0 ? ", 'max-files-per-trigger' = '" + maxFilesPerTrigger + "'" : "") + ")";
    }

    /** Rows of the table from the generator's manifest (lines "csv/TABLE/part-N.csv rows=..."). */
    @Override
    public long rows(String table) throws IOException {
      long n = 0;
      for (String line : Files.readAllLines(data.resolve("manifest.txt"))) {
        if (line.startsWith("csv/" + table + "/")) {
          for (String kv : line.split(" ")) {
            if (kv.startsWith("rows=")) {
              n += Long.parseLong(kv.substring(5));
            }
          }
        }
      }
      if (n == 0) {
        throw new IOException("No rows of table " + table + " in " + data.resolve("manifest.txt"));
      }
      return n;
    }

    @Override
    public String describe() {
      return "files " + data + " " + format;
    }
  }

  private static final String USAGE = String.join("\n",
      "NexmarkHarness [--events N | --data DIR [--warmup-data DIR] [--format csv]] [--query q0,q1,...]",
      "               [--repeat N] [--warmup-runs N] [--parallelism LIST] [--checkpoint DIR [--checkpointed no,yes]]",
      "               [--keep-checkpoints yes] [--output-mode append|update] [--max-files-per-trigger N]",
      "               [--state-backend heap,disk] [--state-memory SIZE]",
      "  --events N      built-in nexmark source, N events (1,000,000 per batch); default 10000000",
      "  --query LIST    queries, comma-separated; known: " + String.join(",", QUERIES.keySet()),
      "  --repeat N      measured runs per query (the median and the spread are reported)",
      "  --warmup-runs N whole runs of the measured input before the measured ones, not counted; default 3",
      "                  (fewer leave the JIT unfinished: q4's first three runs went 2.8, 5.6, 7.8 M rows/cpu-s)",
      "  --parallelism LIST  'pipeline.parallelism' of the runs; a list alternates them",
      "  --checkpoint DIR  keep a checkpoint (a new folder under DIR per run): state saved after every batch,",
      "                  a full snapshot every 'pipeline.checkpoint.snapshot-interval' batches, deltas between;",
      "                  deleted once measured unless --keep-checkpoints yes",
      "  --checkpointed L  yes, no, or no,yes: runs without and with the checkpoint alternate, and the",
      "                  slowdown of the medians is printed",
      "  --output-mode M the sink's output mode, when not the query's own",
      "  --state-backend L  'pipeline.state.backend' of the runs: heap, disk, or heap,disk to alternate them",
      "                  (the rows per CPU-second of disk against heap are printed)",
      "  --state-memory SIZE  'pipeline.state.memory' of the runs (the disk backend caches a quarter of it)");

  private NexmarkHarness() {}

  /** How a run's parallelism shows in its lines: nothing for the engine's default. */
  private static String tag(String parallelism) {
    return parallelism == null ? "" : " p=" + parallelism.trim();
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("events", "10000000");
    o.put("query", String.join(",", List.of("q0", "q1", "q2", "q5h", "q7t")));
    o.put("format", "csv");
    o.put("repeat", "1");
    o.put("warmup-runs", "3");
    o.put("max-files-per-trigger", "2"); // as SparkNexmark's maxFilesPerTrigger
    int positional = 0;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--help") || args[i].equals("-h")) {
        System.out.println(USAGE);
        return;
      }
      if (args[i].startsWith("--")) {
        o.put(args[i].substring(2), args[++i]);
      } else if (positional++ == 0) {
        o.put("events", args[i]); // legacy: [events] [queries]
      } else {
        o.put("query", args[i]);
      }
    }
    Input measured;
    Input warmup;
    if (o.containsKey("data")) {
      String format = o.get("format");
      int maxFiles = Integer.parseInt(o.get("max-files-per-trigger"));
      measured = new FilesInput(Path.of(o.get("data")), format, maxFiles);
      warmup = o.containsKey("warmup-data") ? new FilesInput(Path.of(o.get("warmup-data")), format, maxFiles) : null;
    } else {
      long events = Long.parseLong(o.get("events").replace("_", ""));
      measured = new BuiltIn(events);
      warmup = null; // the warm-up runs are whole runs of the measured input
    }
    int repeat = Integer.parseInt(o.get("repeat"));
    // 'pipeline.parallelism' of each run: a comma list alternates them; by default the engine's own default
    List<String> parallelisms = o.containsKey("parallelism") ? List.of(o.get("parallelism").split(","))
        : java.util.Collections.singletonList(null);
    if (o.containsKey("checkpoint")) {
      checkpoints = Path.of(o.get("checkpoint"));
    }
    keepCheckpoints = "yes".equals(o.get("keep-checkpoints"));
    String outputMode = o.get("output-mode");
    String label = measured instanceof FilesInput f ? "files-" + f.format() : "builtin";
    System.out.printf("SLUICE input: %s; warm-up: %s%d whole runs; repeat=%d; %d processors; java %s%n",
        measured.describe(), warmup == null ? "" : warmup.describe() + " then ", Integer.parseInt(o.get("warmup-runs")),
        repeat, Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));

    int warmupRuns = Integer.parseInt(o.get("warmup-runs"));
    List<Variant> variants = variants(parallelisms, o.get("checkpointed"), checkpoints != null);
    if (o.containsKey("state-backend")) {
      List<Variant> withBackends = new ArrayList<>();
      for (Variant variant : variants) {
        for (String backend : o.get("state-backend").split(",")) {
          withBackends.add(new Variant(variant.parallelism(), variant.checkpointed(), backend.trim()));
        }
      }
      variants = withBackends;
    }
    stateMemory = o.get("state-memory");
    for (String name : o.get("query").split(",")) {
      Query query = QUERIES.get(name);
      if (query == null) {
        throw new IllegalArgumentException("Unknown query " + name + "; known: " + QUERIES.keySet());
      }
      try {
        if (warmup != null) {
          Variant last = variants.get(variants.size() - 1);
          Result w = run(query, warmup, outputMode, last); // compile, JIT
          System.out.printf("SLUICE %-4s %s warm-up rows=%d cpu=%.2fs wall=%.2fs%n", name, label, w.rows,
              w.cpuSeconds, w.wallSeconds);
        }
        // runs of several variants alternate, so that the load of the machine falls on each alike; the
        // warm-up runs are whole runs of the measured input (a short input leaves the JIT half done)
        Map<Variant, List<Result>> results = new LinkedHashMap<>();
        for (int r = -warmupRuns; r < repeat; r++) {
          for (Variant variant : variants) {
            Result res = run(query, measured, outputMode, variant);
            if (r >= 0) {
              results.computeIfAbsent(variant, k -> new ArrayList<>()).add(res);
            }
            System.out.printf("SLUICE %-4s %s%s %s rows=%d (sources reported %d) out=%d batches=%d cpu=%.2fs"
                + " wall=%.2fs rows/cpu-s=%.0f rows/s=%.0f %s state-peak rows=%d bytes=%d [load %s]%n", name, label,
                variant.tag(), r < 0 ? "warm-up=" + (warmupRuns + r) : "run=" + r, res.rows, res.reportedRows,
                res.outputRows, res.batches, res.cpuSeconds, res.wallSeconds, res.rows / res.cpuSeconds,
                res.rows / res.wallSeconds, threads(res), res.peakStateRows, res.peakStateBytes, loadavg());
          }
        }
        summarize(name, label, results);
      } catch (SluiceException e) {
        System.out.printf("SLUICE-SUMMARY %s %s %s: %s%n", name, label, e.code(), firstLine(e.getMessage()));
      } catch (IllegalStateException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String code = cause instanceof SluiceException se ? se.code().toString() : cause.getClass().getSimpleName();
        System.out.printf("SLUICE-SUMMARY %s %s FAILED %s: %s%n", name, label, code, firstLine(cause.getMessage()));
      }
    }
  }

  /** What a run is set to besides its query: its parallelism (null: the engine's default) and whether it keeps a checkpoint. */
  record Variant(String parallelism, boolean checkpointed, String backend) {
    Variant(String parallelism, boolean checkpointed) {
      this(parallelism, checkpointed, null);
    }

    String tag() {
      return (parallelism == null ? "" : " p=" + parallelism.trim()) + (checkpointed ? " checkpoint" : "")
          + (backend == null ? "" : " " + backend);
    }
  }

  /** {@code --state-memory}: the runs' 'pipeline.state.memory', or null for the default. */
  static String stateMemory;

  /** Every parallelism with every checkpoint choice ({@code --checkpointed no,yes}), in the order given. */
  static List<Variant> variants(List<String> parallelisms, String checkpointed, boolean checkpointDir) {
    List<Boolean> choices = new ArrayList<>();
    for (String c : (checkpointed == null ? (checkpointDir ? "yes" : "no") : checkpointed).split(",")) {
      boolean yes = switch (c.trim()) {
        case "yes" -> true;
        case "no" -> false;
        default -> throw new IllegalArgumentException("--checkpointed takes yes, no or a list of them: " + c);
      };
      if (yes && !checkpointDir) {
        throw new IllegalArgumentException("--checkpointed yes needs --checkpoint DIR");
      }
      choices.add(yes);
    }
    List<Variant> variants = new ArrayList<>();
    for (String parallelism : parallelisms) {
      for (boolean choice : choices) {
        variants.add(new Variant(parallelism, choice));
      }
    }
    return variants;
  }

  /** The CPU seconds of the query's thread, the checkpoint writer, the JIT and the collector. */
  private static String threads(Result res) {
    StringBuilder text = new StringBuilder("cpu-by-thread[");
    res.threadSeconds.forEach((group, seconds) -> text.append(text.length() > 14 ? " " : "").append(group)
        .append('=').append(String.format("%.2fs", seconds)));
    text.append("] allocated-MiB[");
    int start = text.length();
    res.allocatedMiB.forEach((group, mib) -> text.append(text.length() > start ? " " : "").append(group)
        .append('=').append(String.format("%.0f", mib)));
    return text.append(String.format("] gc[collections=%d ms=%d]", res.collections[0], res.collections[1])).toString();
  }

  /**
   * Per variant: the median, the spread of the measured runs ((max - min) / median: above 10 % on a
   * quiet machine means the warm-up was too short) and the mean CPU by thread group; with and without
   * a checkpoint at the same parallelism, how much slower the checkpointed runs were.
   */
  static void summarize(String name, String label, Map<Variant, List<Result>> results) {
    Map<Variant, Double> medians = new LinkedHashMap<>();
    for (Map.Entry<Variant, List<Result>> e : results.entrySet()) {
      List<Double> cpuRates = new ArrayList<>();
      List<Double> wallRates = new ArrayList<>();
      Map<String, Double> threadSeconds = new LinkedHashMap<>();
      double cpu = 0;
      for (Result res : e.getValue()) {
        cpuRates.add(res.rows / res.cpuSeconds);
        wallRates.add(res.rows / res.wallSeconds);
        cpu += res.cpuSeconds;
        res.threadSeconds.forEach((group, seconds) -> threadSeconds.merge(group, seconds, Double::sum));
      }
      double median = median(cpuRates);
      medians.put(e.getKey(), median);
      StringBuilder shares = new StringBuilder();
      double total = cpu;
      threadSeconds.forEach((group, seconds) -> shares.append(String.format(" %s=%.0f%%", group, 100 * seconds / total)));
      System.out.printf("SLUICE-SUMMARY %s %s%s runs=%d median=%.0f rows/cpu-s (min %.0f, max %.0f, spread %.1f%%)"
          + " | median=%.0f rows/s wall | cpu share:%s%n", name, label, e.getKey().tag(), cpuRates.size(), median,
          Collections.min(cpuRates), Collections.max(cpuRates),
          100 * (Collections.max(cpuRates) - Collections.min(cpuRates)) / median, median(wallRates), shares);
    }
    for (Map.Entry<Variant, Double> e : medians.entrySet()) {
      Double onHeap = medians.get(new Variant(e.getKey().parallelism(), e.getKey().checkpointed(), "heap"));
      if ("disk".equals(e.getKey().backend()) && onHeap != null) {
        System.out.printf("SLUICE-SUMMARY %s %s%s against heap: %.1f%% of the heap backend's rows per CPU-second%n",
            name, label, e.getKey().tag(), 100 * e.getValue() / onHeap);
      }
      Double without = medians.get(new Variant(e.getKey().parallelism(), false, e.getKey().backend()));
      if (e.getKey().checkpointed() && without != null) {
        System.out.printf("SLUICE-SUMMARY %s %s%s slowdown=%.1f%% (rows per CPU-second against no checkpoint)%n",
            name, label, e.getKey().tag(), 100 * (1 - e.getValue() / without));
      }
    }
  }

  /** One run; the state peak is the largest total over the query's operators after any batch. */
  record Result(long rows, long reportedRows, long outputRows, long batches, double cpuSeconds, double wallSeconds,
      long peakStateRows, long peakStateBytes, Map<String, Double> threadSeconds, Map<String, Double> allocatedMiB,
      long[] collections) {}

  /** With {@code --checkpoint DIR}, every run keeps a checkpoint in a new folder under DIR. */
  static Path checkpoints;
  private static int checkpointRuns;
  /** {@code --keep-checkpoints yes}: leave each run's checkpoint folder (by default deleted once measured). */
  static boolean keepCheckpoints;

  /** One run; {@code outputMode} null for the mode the query gets by default. */
  static Result run(Query query, Input input, String outputMode, Variant variant)
      throws InterruptedException, IOException {
    String parallelism = variant.parallelism();
    long rows = 0;
    for (String table : query.tables()) {
      rows += input.rows(table);
    }
    Database database = Database.inMemory();
    try (Session session = database.openSession()) {
      for (String table : query.tables()) {
        session.execute(input.ddl(table));
      }
      session.execute("CREATE SINK sink WITH (connector = 'blackhole')");
      session.execute("SET 'pipeline.trigger' = 'available-now'");
      Path checkpoint = null;
      if (variant.checkpointed()) {
        checkpoint = checkpoints.resolve("run-" + ProcessHandle.current().pid() + "-" + checkpointRuns++);
        session.execute("SET 'pipeline.checkpoint' = '" + checkpoint + "'");
      }
      if (outputMode != null) {
        session.execute("SET 'pipeline.output-mode' = '" + outputMode.replace("'", "''") + "'");
      }
      if (parallelism != null) {
        session.execute("SET 'pipeline.parallelism' = '" + parallelism.trim().replace("'", "''") + "'");
      }
      if (variant.backend() != null) {
        session.execute("SET 'pipeline.state.backend' = '" + variant.backend().replace("'", "''") + "'");
      }
      if (stateMemory != null) {
        session.execute("SET 'pipeline.state.memory' = '" + stateMemory.replace("'", "''") + "'");
      }
      ThreadCpu threads = ThreadCpu.start();
      long cpu0 = processCpuNanos();
      long wall0 = System.nanoTime();
      session.execute("INSERT INTO sink " + query.sql());
      List<StreamingQuery> failed = database.queries().awaitAll();
      long cpu = processCpuNanos() - cpu0;
      long wall = System.nanoTime() - wall0;
      Map<String, Double> threadSeconds = threads.stop();
      double grouped = threadSeconds.values().stream().mapToDouble(Double::doubleValue).sum();
      threadSeconds.put("other", Math.max(0, cpu / 1e9 - grouped));
      if (!failed.isEmpty()) {
        throw new IllegalStateException("query failed", failed.get(0).failure());
      }
      long reported = 0;
      long out = 0;
      long batches = 0;
      long peakRows = 0;
      long peakBytes = 0;
      for (StreamingQuery q : database.queries().list()) {
        for (var p : q.progress()) {
          reported += p.inputRows();
          out += p.outputRows();
          batches += p.inputRows() > 0 ? 1 : 0;
          long stateRows = 0;
          long stateBytes = 0;
          for (var operator : p.operators()) {
            stateRows += operator.stateRows();
            stateBytes += operator.stateBytes();
          }
          peakRows = Math.max(peakRows, stateRows);
          peakBytes = Math.max(peakBytes, stateBytes);
        }
      }
      if (checkpoint != null) {
        System.out.printf("SLUICE checkpoint %s: %d bytes on disk%n", checkpoint, folderBytes(checkpoint));
        if (!keepCheckpoints) {
          deleteFolder(checkpoint);
        }
      }
      return new Result(rows, reported, out, batches, cpu / 1e9, wall / 1e9, peakRows, peakBytes, threadSeconds,
          threads.allocatedMiB(), threads.collections());
    }
  }

  private static void deleteFolder(Path folder) throws IOException {
    try (var files = Files.walk(folder)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }

  private static long folderBytes(Path folder) throws IOException {
    try (var files = java.nio.file.Files.walk(folder)) {
      return files.filter(java.nio.file.Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  static double median(List<Double> values) {
    List<Double> c = new ArrayList<>(values);
    Collections.sort(c);
    int n = c.size();
    return n % 2 == 1 ? c.get(n / 2) : (c.get(n / 2 - 1) + c.get(n / 2)) / 2;
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  static String loadavg() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
