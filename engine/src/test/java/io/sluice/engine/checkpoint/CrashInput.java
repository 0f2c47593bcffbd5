package io.sluice.engine.checkpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The input of one round of {@link CrashTest}: four folders of small CSV files (sources
 * {@code events}, {@code shows}, {@code clicks} and {@code visits}), the pipeline script over
 * them, and the rows each of its five sinks must end up with, computed here in plain Java from
 * the rows written, as a batch run over all input would give them. The files are made here and
 * written by {@link #writeFile} (while the pipeline runs), each under a hidden name first and
 * then renamed into place, in name order per source and keeping the sources level in event time.
 *
 * <p>Every source's rows carry increasing event times, written out of order by up to
 * {@link #DISORDER_MILLIS}, less than the watermark delay: no row is ever late, whatever the
 * batch boundaries, so the streaming result is exactly the batch result. Each source ends with a
 * sentinel row a day later, which moves the watermark past every other row: every window closes
 * and every held first row is released. The sentinel's own window and first row stay open, so
 * they are not expected.
 */
final class CrashInput {
  static final long DELAY_MILLIS = 5_000;
  static final long DISORDER_MILLIS = 3_000;
  static final long WINDOW_MILLIS = 10_000;
  static final long JOIN_BOUND_MILLIS = 10_000;
  private static final long BASE = LocalDateTime.of(2024, 1, 1, 0, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
  private static final long SENTINEL_AFTER = 86_400_000;
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
      .withZone(ZoneOffset.UTC);

  /** Sinks, in the order of the script's queries. */
  static final List<String> SINKS = List.of("filtered", "windowed", "joined", "firsts", "paired");

  /** How much input a round gets. */
  record Size(int events, int shows, int clicks, int visitIds, int rowsPerFile, int filesPerTrigger) {}

  private record Event(long id, String key, long value, long time) {}

  private record Timed(long id, long key, long time) {}

  private record Visit(long id, String page, long time) {}

  /** A file to write: its source, name and text, and where it stands in its source (0 to 1, by index). */
  record InputFile(String source, String name, String text, double position) {}

  final Path sources;
  final Path sinks;
  final Path checkpoint;
  final Path script;
  private final int filesPerTrigger;
  /**
   * How many last batches the checkpoints keep: small values purge old records and state files
   * every batch or two, so kills also land in the middle of a purge.
   */
  final int checkpointRetain;
  /** By sink, each expected row as its CSV line (window starts as epoch milliseconds) and how often it is expected. */
  final Map<String, Map<String, Integer>> expected = new TreeMap<>();
  /** The files in the order they are to be written. */
  final List<InputFile> files = new ArrayList<>();

  private CrashInput(Path folder, int filesPerTrigger, int checkpointRetain) {
    this.filesPerTrigger = filesPerTrigger;
    this.checkpointRetain = checkpointRetain;
    this.sources = folder.resolve("in");
    this.sinks = folder.resolve("out");
    this.checkpoint = folder.resolve("checkpoint");
    this.script = folder.resolve("pipeline.sql");
  }

  /** Makes a round's input files (written later, by {@link #writeFile}) and computes the expected results. */
  static CrashInput make(Path folder, Random random, Size size) throws IOException {
    CrashInput input = new CrashInput(folder, size.filesPerTrigger(), List.of(1, 2, 5, 20).get(random.nextInt(4)));
    input.makeEvents(random, size);
    input.makeJoin(random, size);
    input.makeVisits(random, size);
    // sources level in event time: the join's two streams, and all four, advance together
    input.files.sort(Comparator.comparingDouble(InputFile::position).thenComparing(InputFile::source));
    for (String source : List.of("events", "shows", "clicks", "visits")) {
      Files.createDirectories(input.sources.resolve(source));
    }
    return input;
  }

  /** Writes one input file: under a hidden name, then renamed into place, so that no reader sees it in part. */
  void writeFile(InputFile file) throws IOException {
    Path target = sources.resolve(file.source()).resolve(file.name());
    Path temporary = target.resolveSibling("." + file.name() + ".tmp");
    Files.writeString(temporary, file.text(), StandardCharsets.UTF_8);
    Files.move(temporary, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** The checkpoint folder of the query into {@code sink}. */
  Path checkpointOf(String sink) {
    return checkpoint.resolve(sink);
  }

  Path sinkFolder(String sink) {
    return sinks.resolve(sink);
  }

  private void makeEvents(Random random, Size size) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < size.events(); i++) {
      events.add(new Event(i, "k" + random.nextInt(5), random.nextInt(1000), BASE + i * 100L + random.nextInt(100)));
    }
    arriveOutOfOrder(events, Event::time, random);
    long last = events.stream().mapToLong(Event::time).max().orElse(BASE);
    events.add(new Event(size.events(), "end", 1, last + SENTINEL_AFTER));
    long watermark = last + SENTINEL_AFTER - DELAY_MILLIS;

    Map<String, Integer> filtered = new HashMap<>();
    Map<String, long[]> windows = new TreeMap<>();
    for (Event e : events) {
      if (e.value() % 3 != 0) {
        filtered.merge(e.id() + "," + e.key() + "," + (e.value() * 2 + 1), 1, Integer::sum);
      }
      long start = Math.floorDiv(e.time(), WINDOW_MILLIS) * WINDOW_MILLIS;
      if (start + WINDOW_MILLIS <= watermark) {
        long[] countAndSum = windows.computeIfAbsent(e.key() + "," + start, k -> new long[2]);
        countAndSum[0]++;
        countAndSum[1] += e.value();
      }
    }
    Map<String, Integer> windowed = new HashMap<>();
    windows.forEach((keyAndStart, countAndSum) -> windowed.put(keyAndStart + "," + countAndSum[0] + ","
        + countAndSum[1], 1));
    expected.put("filtered", filtered);
    expected.put("windowed", windowed);
    addFiles("events", events, size.rowsPerFile(), e -> e.id() + "," + e.key() + "," + e.value() + ","
        + TIMESTAMP.format(Instant.ofEpochMilli(e.time())));
  }

  private void makeJoin(Random random, Size size) {
    int ads = 40;
    List<Timed> shows = new ArrayList<>();
    for (int i = 0; i < size.shows(); i++) {
      shows.add(new Timed(i, random.nextInt(ads), BASE + i * 150L + random.nextInt(150)));
    }
    List<Timed> clicks = new ArrayList<>();
    for (int i = 0; i < size.clicks(); i++) {
      clicks.add(new Timed(i, random.nextInt(ads), BASE + i * 150L + random.nextInt(150)));
    }
    Map<String, Integer> joined = new HashMap<>();
    for (Timed s : shows) {
      for (Timed c : clicks) {
        if (s.key() == c.key() && c.time() >= s.time() && c.time() <= s.time() + JOIN_BOUND_MILLIS) {
          joined.merge(s.id() + "," + c.id(), 1, Integer::sum);
        }
      }
    }
    expected.put("joined", joined);
    arriveOutOfOrder(shows, Timed::time, random);
    arriveOutOfOrder(clicks, Timed::time, random);
    long last = Math.max(shows.stream().mapToLong(Timed::time).max().orElse(BASE),
        clicks.stream().mapToLong(Timed::time).max().orElse(BASE));
    // the sentinels' ads differ, so they never match
    shows.add(new Timed(size.shows(), -1, last + SENTINEL_AFTER));
    clicks.add(new Timed(size.clicks(), -2, last + SENTINEL_AFTER));
    // the regular join pairs a show and a click of the same id, whenever each comes (sentinels too)
    Map<Long, Timed> clickById = new HashMap<>();
    for (Timed c : clicks) {
      clickById.put(c.id(), c);
    }
    Map<String, Integer> paired = new HashMap<>();
    for (Timed s : shows) {
      Timed c = clickById.get(s.id());
      if (c != null) {
        paired.merge(s.id() + "," + s.key() + "," + c.key(), 1, Integer::sum);
      }
    }
    expected.put("paired", paired);
    addFiles("shows", shows, size.rowsPerFile(), t -> t.id() + "," + t.key() + ","
        + TIMESTAMP.format(Instant.ofEpochMilli(t.time())));
    addFiles("clicks", clicks, size.rowsPerFile(), t -> t.id() + "," + t.key() + ","
        + TIMESTAMP.format(Instant.ofEpochMilli(t.time())));
  }

  private void makeVisits(Random random, Size size) {
    List<Visit> visits = new ArrayList<>();
    Map<String, Integer> firsts = new HashMap<>();
    for (int id = 0; id < size.visitIds(); id++) {
      long first = BASE + id * 200L;
      int copies = 1 + random.nextInt(3);
      List<Long> offsets = new ArrayList<>();
      while (offsets.size() < copies) {
        long offset = random.nextInt(8_000);
        if (!offsets.contains(offset)) {
          offsets.add(offset); // distinct times: the first row per id is well defined
        }
      }
      Visit earliest = null;
      for (long offset : offsets) {
        Visit v = new Visit(id, "p" + visits.size(), first + offset);
        visits.add(v);
        if (earliest == null || v.time() < earliest.time()) {
          earliest = v;
        }
      }
      firsts.put(id + "," + earliest.page(), 1);
    }
    expected.put("firsts", firsts);
    arriveOutOfOrder(visits, Visit::time, random);
    long last = visits.stream().mapToLong(Visit::time).max().orElse(BASE);
    visits.add(new Visit(-1, "end", last + SENTINEL_AFTER));
    addFiles("visits", visits, size.rowsPerFile(), v -> v.id() + "," + v.page() + ","
        + TIMESTAMP.format(Instant.ofEpochMilli(v.time())));
  }

  /**
   * Puts rows in the order they arrive: by event time plus a random lag below {@link
   * #DISORDER_MILLIS}. A row then follows only rows at most that much later than itself, so the
   * watermark (largest event time read minus {@link #DELAY_MILLIS}) never passes a row not read.
   */
  private static <T> void arriveOutOfOrder(List<T> rows, java.util.function.ToLongFunction<T> time, Random random) {
    Map<T, Long> arrival = new HashMap<>();
    for (T row : rows) {
      arrival.put(row, time.applyAsLong(row) + random.nextInt((int) DISORDER_MILLIS));
    }
    rows.sort(Comparator.comparingLong(arrival::get));
  }

  private <T> void addFiles(String source, List<T> rows, int rowsPerFile, java.util.function.Function<T, String> line) {
    int count = (rows.size() + rowsPerFile - 1) / rowsPerFile;
    for (int file = 0; file < count; file++) {
      StringBuilder text = new StringBuilder();
      for (T row : rows.subList(file * rowsPerFile, Math.min(rows.size(), (file + 1) * rowsPerFile))) {
        text.append(line.apply(row)).append('\n');
      }
      files.add(new InputFile(source, String.format("%05d.csv", file), text.toString(), (file + 1.0) / count));
    }
  }

  /** Writes the pipeline script, with the trigger its queries run with (continuous, available-now). */
  void writeScript(String trigger) throws IOException {
    String source = " WATERMARK FOR %s AS %s - INTERVAL '" + DELAY_MILLIS / 1000 + "' SECOND)"
        + " WITH (connector = 'files', format = 'csv', 'max-files-per-trigger' = '" + filesPerTrigger + "',"
        + " path = '%s');\n";
    StringBuilder sql = new StringBuilder();
    sql.append("CREATE SOURCE events (id BIGINT, k VARCHAR, v BIGINT, ts TIMESTAMP(3),")
        .append(String.format(source, "ts", "ts", sources.resolve("events")));
    sql.append("CREATE SOURCE shows (id BIGINT, ad BIGINT, shown TIMESTAMP(3),")
        .append(String.format(source, "shown", "shown", sources.resolve("shows")));
    sql.append("CREATE SOURCE clicks (id BIGINT, ad BIGINT, clicked TIMESTAMP(3),")
        .append(String.format(source, "clicked", "clicked", sources.resolve("clicks")));
    sql.append("CREATE SOURCE visits (id BIGINT, page VARCHAR, ts TIMESTAMP(3),")
        .append(String.format(source, "ts", "ts", sources.resolve("visits")));
    for (String sink : SINKS) {
      sql.append("CREATE SINK ").append(sink).append(" WITH (connector = 'files', format = 'csv', path = '")
          .append(sinkFolder(sink)).append("');\n");
    }
    sql.append("SET 'pipeline.trigger' = '").append(trigger).append("';\n");
    sql.append("SET 'pipeline.checkpoint' = '").append(checkpoint).append("';\n");
    sql.append("SET 'pipeline.checkpoint-retain' = '").append(checkpointRetain).append("';\n");
    // a full snapshot every third batch: restarts land on snapshots and on chains of deltas
    sql.append("SET 'pipeline.checkpoint.snapshot-interval' = '3';\n");
    String backend = System.getProperty("sluice.crash.backend");
    if (backend != null) { // -Dsluice.crash.backend=disk: the queries' state in RocksDB, over a budget it outgrows
      sql.append("SET 'pipeline.state.backend' = '").append(backend).append("';\n");
      sql.append("SET 'pipeline.state.memory' = '").append(System.getProperty("sluice.crash.memory", "1m"))
          .append("';\n");
    }
    sql.append("INSERT INTO filtered SELECT id, k, v * 2 + 1 AS w FROM events WHERE MOD(v, 3) <> 0;\n");
    sql.append("INSERT INTO windowed SELECT k, window_start, COUNT(*) AS n, SUM(v) AS total"
        + " FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '" + WINDOW_MILLIS / 1000 + "' SECOND))"
        + " GROUP BY k, window_start, window_end;\n");
    sql.append("INSERT INTO joined SELECT s.id AS show_id, c.id AS click_id FROM shows s JOIN clicks c"
        + " ON s.ad = c.ad AND c.clicked BETWEEN s.shown AND s.shown + INTERVAL '" + JOIN_BOUND_MILLIS / 1000
        + "' SECOND;\n");
    sql.append("INSERT INTO firsts SELECT id, page FROM (SELECT id, page,"
        + " ROW_NUMBER() OVER (PARTITION BY id ORDER BY ts) AS rn FROM visits) WHERE rn = 1;\n");
    sql.append("INSERT INTO paired SELECT s.id, s.ad AS shown_ad, c.ad AS clicked_ad FROM shows s JOIN clicks c"
        + " ON s.id = c.id;\n");
    Files.writeString(script, sql, StandardCharsets.UTF_8);
  }

  /** A sink's CSV line in the form {@link #expected} holds it: the window start of {@code windowed} as epoch millis. */
  static String normalize(String sink, String line) {
    if (!sink.equals("windowed")) {
      return line;
    }
    String[] fields = line.split(",", -1);
    if (fields.length != 4) {
      return line;
    }
    try {
      long start = LocalDateTime.parse(fields[1].replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
      return fields[0] + "," + start + "," + fields[2] + "," + fields[3];
    } catch (java.time.format.DateTimeParseException e) {
      return line; // shown as is among the unexpected rows
    }
  }
}
