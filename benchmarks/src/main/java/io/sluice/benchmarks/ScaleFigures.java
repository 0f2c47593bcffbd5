package io.sluice.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Issue 13's scale runs as a user runs them (opt-in, not in CI): each case starts a child JVM
 * ({@code -Xmx2g} unless told otherwise) that runs its SQL through the JDBC driver, and this process
 * watches it from outside. Reported per case: wall time, the child's CPU time, rows per CPU-second,
 * its peak heap read from the JVM's own GC log ({@code -Xlog:gc}: the heap in use before each
 * collection, the most of it, and the most left after one), the peak disk use of its state and
 * spill folder (sampled every second), and how the query ended: finished, stopped at {@code
 * --stop-after}, or failed with its SQLSTATE and message (and whether an OutOfMemoryError shows
 * anywhere in its output).
 *
 * <pre>
 * java -cp benchmarks.jar io.sluice.benchmarks.ScaleFigures --case groupby --keys 100000000 --backend disk
 * java -cp benchmarks.jar io.sluice.benchmarks.ScaleFigures --case groupby --keys 100000000 --backend heap
 * java -cp benchmarks.jar io.sluice.benchmarks.ScaleFigures --case batch --rows 10000000 --memory 64m --heap 512m
 * </pre>
 *
 * <p>{@code groupby}: a streaming {@code SELECT k, COUNT(*), SUM(v) FROM gen GROUP BY k} into a blackhole,
 * over a bounded {@code datagen} source of one row per key ({@code --keys}), available-now trigger,
 * update mode, on {@code --backend} with {@code --memory} as {@code pipeline.state.memory} (default:
 * the engine's, half the heap). {@code batch}: a generated Parquet table of {@code --rows} rows
 * (written once into {@code DIR/table}), then an ORDER BY and a GROUP BY of it read to the last row
 * through a {@code ResultSet}, under {@code --memory}.
 *
 * <p>Every figure comes from the child: run this with {@code nice} on a shared machine, and read the
 * load average printed beside the figures.
 */
public final class ScaleFigures {
  private static final Pattern GC_LINE = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

  private ScaleFigures() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    if (options.help) {
      System.out.println("ScaleFigures --case groupby|batch [--keys N] [--rows N] [--backend heap|disk] [--memory SIZE]"
          + " [--heap SIZE] [--parallelism N] [--stop-after SECONDS] [--dir DIR]");
      return;
    }
    Path dir = Files.createDirectories(options.dir);
    Path state = Files.createDirectories(dir.resolve("state"));
    Path gcLog = dir.resolve("gc-" + options.kase + "-" + options.backend + ".log");
    Files.deleteIfExists(gcLog);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + options.heap);
    command.add("-Xlog:gc:file=" + gcLog);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ScaleChild.class.getName());
    command.addAll(List.of(args));
    command.add("--state");
    command.add(state.toString());
    System.out.printf("%s: %s%n", options.describe(), String.join(" ", command.subList(1, 3)));
    AtomicLong peakDisk = new AtomicLong();
    long start = System.nanoTime();
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    Thread sampler = new Thread(() -> {
      while (child.isAlive()) {
        peakDisk.accumulateAndGet(folderBytes(state), Math::max);
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "disk-sampler");
    sampler.setDaemon(true);
    sampler.start();
    boolean outOfMemory = false;
    List<String> results = new ArrayList<>();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line; (line = lines.readLine()) != null; ) {
        outOfMemory |= line.contains("OutOfMemoryError");
        if (line.startsWith("PROGRESS ")) {
          System.out.printf("  %5.0f s %s, disk %d MiB, load %s%n", (System.nanoTime() - start) / 1e9,
              line.substring(9), peakDisk.get() >> 20, loadAverage());
        } else if (line.startsWith("RESULT ")) {
          results.add(line.substring(7));
        } else {
          System.out.println("  | " + line);
        }
      }
    }
    int exit = child.waitFor();
    sampler.interrupt();
    double wall = (System.nanoTime() - start) / 1e9;
    long[] heap = peakHeapMiB(gcLog);
    System.out.printf("%s, -Xmx%s, load %s: child exit %d after %.1f s wall; peak heap %d MiB before a GC,"
        + " %d MiB live after one (%d GCs, %s); peak state/spill folder %d MiB; OutOfMemoryError %s%n",
        options.describe(), options.heap, loadAverage(), exit, wall, heap[0], heap[1], heap[2], gcLog, peakDisk.get() >> 20,
        outOfMemory ? "SEEN" : "not seen");
    for (String result : results) {
      System.out.println("  " + result);
    }
    System.out.printf("  state/spill folder after the child ended: %d bytes%n", folderBytes(state));
  }

  /** From a {@code -Xlog:gc} file: the most heap in use before a collection, the most left after one, and the collections. */
  static long[] peakHeapMiB(Path gcLog) throws IOException {
    long before = 0;
    long after = 0;
    long collections = 0;
    if (!Files.exists(gcLog)) {
      return new long[] {0, 0, 0};
    }
    for (String line : Files.readAllLines(gcLog, StandardCharsets.UTF_8)) {
      Matcher m = GC_LINE.matcher(line);
      if (m.find()) {
        before = Math.max(before, mebibytes(m.group(1), m.group(2)));
        after = Math.max(after, mebibytes(m.group(3), m.group(4)));
        collections++;
      }
    }
    return new long[] {before, after, collections};
  }

  private static long mebibytes(String number, String unit) {
    long n = Long.parseLong(number);
    switch (unit) {
      case "K": return n >> 10;
      case "G": return n << 10;
      default: return n;
    }
  }

  static long folderBytes(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.mapToLong(f -> {
        try {
          return Files.isRegularFile(f) ? Files.size(f) : 0;
        } catch (IOException e) {
          return 0; // gone while walked: RocksDB compacts, spill files are deleted
        }
      }).sum();
    } catch (IOException | java.io.UncheckedIOException e) {
      return 0;
    }
  }

  static String loadAverage() {
    return String.format(Locale.ROOT, "%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /** The arguments both processes read. */
  static final class Options {
    String kase = "groupby";
    long keys = 10_000_000;
    long rows = 10_000_000;
    String backend = "disk";
    String memory;
    String heap = "2g";
    int parallelism = 1;
    long stopAfterSeconds;
    Path dir = Path.of("/tmp/sluice-scale-figures");
    Path state;
    boolean help;

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : null;
        switch (args[i]) {
          case "--case": o.kase = value; i++; break;
          case "--keys": o.keys = Long.parseLong(value); i++; break;
          case "--rows": o.rows = Long.parseLong(value); i++; break;
          case "--backend": o.backend = value; i++; break;
          case "--memory": o.memory = value; i++; break;
          case "--heap": o.heap = value; i++; break;
          case "--parallelism": o.parallelism = Integer.parseInt(value); i++; break;
          case "--stop-after": o.stopAfterSeconds = Long.parseLong(value); i++; break;
          case "--dir": o.dir = Path.of(value); i++; break;
          case "--state": o.state = Path.of(value); i++; break;
          case "--help": o.help = true; break;
          default: throw new IllegalArgumentException("unknown argument " + args[i] + " (--help lists them)");
        }
      }
      if (!o.kase.equals("groupby") && !o.kase.equals("batch")) {
        throw new IllegalArgumentException("--case is groupby or batch, not " + o.kase);
      }
      return o;
    }

    String describe() {
      return kase.equals("groupby")
          ? String.format(Locale.ROOT, "GROUP BY of %,d keys, %s backend, budget %s, parallelism %d", keys, backend,
              memory == null ? "default" : memory, parallelism)
          : String.format(Locale.ROOT, "batch ORDER BY and GROUP BY of %,d rows, budget %s, parallelism %d", rows,
              memory == null ? "default" : memory, parallelism);
    }
  }
}
