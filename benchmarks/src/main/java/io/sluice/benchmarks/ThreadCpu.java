package io.sluice.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CPU time of this process's threads by what they do (the query's thread, the checkpoint
 * writer, the JIT compilers, the garbage collector), read from Linux's {@code /proc/self/task}: a
 * figure in rows per CPU-second of the whole process mixes the query's own work with compiling and
 * collecting, and this tells them apart. The JVM names its native threads ({@code C2 CompilerThre},
 * {@code GC Thread#0}, {@code G1 Conc#0}, Java threads by their names, cut to 15 characters), which
 * is what the groups go by.
 *
 * <p>A thread that ends during a run takes its time with it from {@code /proc}, so a sampler reads
 * the threads every {@link #SAMPLE_MILLIS} while a run is measured and keeps each one's last
 * figure; the time a short-lived thread spent after the last sample is lost (it still counts in the
 * process's total, and in {@code other} by difference). Elsewhere than Linux every group is 0.
 *
 * <p>The same sampler reads the bytes each Java thread allocated ({@link #allocatedMiB}) and the
 * collectors' counts and times ({@link #collections}): what a checkpoint costs the collector.
 */
final class ThreadCpu implements AutoCloseable {
  static final long SAMPLE_MILLIS = 200;
  /** Linux's USER_HZ, the unit of the times in {@code /proc/.../stat}: 100 on every common kernel. */
  private static final double TICKS_PER_SECOND = 100;
  private static final Path TASKS = Path.of("/proc/self/task");

  /** The groups a thread falls in, by the start of its name; the first that fits. */
  private static final String[][] GROUPS = {
      {"sluice-stream", "query"},
      {"sluice-checkpo", "checkpoint"},
      {"C1 CompilerThre", "jit"},
      {"C2 CompilerThre", "jit"},
      {"GC Thread", "gc"},
      {"G1 ", "gc"},
      {"VM Thread", "gc"}, // runs the collector's safepoint operations
  };

  private final Map<Long, Long> baseline;
  private final Map<Long, Long> latest = new HashMap<>();
  private final Map<Long, String> groupOf = new HashMap<>();
  private final Thread sampler;
  private volatile boolean running = true;
  private static final com.sun.management.ThreadMXBean JAVA_THREADS =
      (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
  /** Per Java thread id: bytes allocated when measuring started, and at the last sample. */
  private final Map<Long, Long> allocatedBaseline = new HashMap<>();
  private final Map<Long, Long> allocatedLatest = new HashMap<>();
  private final Map<Long, String> allocatedGroup = new HashMap<>();
  private final long[] collectionsBaseline = collectionsNow();

  private ThreadCpu() {
    baseline = new HashMap<>();
    read(baseline, null);
    readAllocated(allocatedBaseline, null);
    sampler = new Thread(this::sample, "bench-cpu-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Starts measuring from now. */
  static ThreadCpu start() {
    return new ThreadCpu();
  }

  private void sample() {
    while (running) {
      synchronized (this) {
        read(latest, groupOf);
        readAllocated(allocatedLatest, allocatedGroup);
      }
      try {
        Thread.sleep(SAMPLE_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * Stops measuring; returns the CPU seconds each group's threads used since {@link #start}, in the
   * order query, checkpoint, jit, gc (groups without time included); the rest of the process's
   * time (sources' and sinks' threads, short-lived threads) is the caller's to take by difference.
   */
  Map<String, Double> stop() throws InterruptedException {
    running = false;
    sampler.interrupt();
    sampler.join();
    read(latest, groupOf);
    readAllocated(allocatedLatest, allocatedGroup);
    Map<String, Double> seconds = new LinkedHashMap<>();
    for (String group : new String[] {"query", "checkpoint", "jit", "gc"}) {
      seconds.put(group, 0.0);
    }
    for (Map.Entry<Long, Long> e : latest.entrySet()) {
      String group = groupOf.get(e.getKey());
      if (group != null) {
        long ticks = e.getValue() - baseline.getOrDefault(e.getKey(), 0L);
        seconds.merge(group, ticks / TICKS_PER_SECOND, Double::sum);
      }
    }
    return seconds;
  }

  /**
   * After {@link #stop}: MiB allocated since {@link #start} by the query's threads, the checkpoint
   * writer's, and all Java threads sampled (a thread's bytes after its last sample are lost).
   */
  Map<String, Double> allocatedMiB() {
    Map<String, Double> mib = new LinkedHashMap<>();
    mib.put("query", 0.0);
    mib.put("checkpoint", 0.0);
    mib.put("all", 0.0);
    for (Map.Entry<Long, Long> e : allocatedLatest.entrySet()) {
      double bytes = (e.getValue() - allocatedBaseline.getOrDefault(e.getKey(), 0L)) / (double) (1 << 20);
      mib.merge("all", bytes, Double::sum);
      String group = allocatedGroup.get(e.getKey());
      if (group != null && mib.containsKey(group)) {
        mib.merge(group, bytes, Double::sum);
      }
    }
    return mib;
  }

  /** After {@link #stop}: the collections since {@link #start} and the milliseconds the collectors report for them. */
  long[] collections() {
    long[] now = collectionsNow();
    return new long[] {now[0] - collectionsBaseline[0], now[1] - collectionsBaseline[1]};
  }

  private static long[] collectionsNow() {
    long count = 0;
    long millis = 0;
    for (java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, gc.getCollectionCount());
      millis += Math.max(0, gc.getCollectionTime());
    }
    return new long[] {count, millis};
  }

  /** Reads the bytes every live Java thread allocated so far, and its group when asked. */
  private static void readAllocated(Map<Long, Long> bytes, Map<Long, String> groups) {
    long[] ids = JAVA_THREADS.getAllThreadIds();
    long[] allocated = JAVA_THREADS.getThreadAllocatedBytes(ids);
    java.lang.management.ThreadInfo[] infos = groups == null ? null : JAVA_THREADS.getThreadInfo(ids);
    for (int i = 0; i < ids.length; i++) {
      if (allocated[i] < 0) {
        continue;
      }
      bytes.put(ids[i], allocated[i]);
      if (infos != null && infos[i] != null && !groups.containsKey(ids[i])) {
        String group = group(infos[i].getThreadName());
        groups.put(ids[i], group == null ? "other" : group);
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (running) {
      stop();
    }
  }

  /** Reads every thread's user + system ticks into {@code ticks}, and its group when it has one. */
  private static void read(Map<Long, Long> ticks, Map<Long, String> groups) {
    if (!Files.isDirectory(TASKS)) {
      return;
    }
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException e) {
          continue; // the thread ended while the folder was read
        }
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
          continue;
        }
        // after the name: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
        String[] fields = stat.substring(close + 2).split(" ");
        long tid = Long.parseLong(task.getFileName().toString());
        ticks.put(tid, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
        if (groups != null) {
          String group = group(stat.substring(open + 1, close));
          if (group != null) {
            groups.put(tid, group);
          }
        }
      }
    } catch (IOException e) {
      // no figures by group on this run; the process total still stands
    }
  }

  private static String group(String name) {
    for (String[] g : GROUPS) {
      if (name.startsWith(g[0])) {
        return g[1];
      }
    }
    return null;
  }
}
