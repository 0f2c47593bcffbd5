package io.sluice.catalog;

import java.io.PrintStream;

/**
 * Where a short command's start-up goes: with the environment variable
 * {@code SLUICE_TRACE_STARTUP} set (or {@code -Dsluice.trace.startup=true}), each phase that
 * ends prints one line on standard error: milliseconds since the JVM started, since the
 * previous line, the CPU time so far of the thread and of the whole process (which a busy machine
 * disturbs less than the wall clock), the phase and the thread that finished it. Off by default,
 * and then a phase costs one read of a constant.
 *
 * <pre>
 * startup    161 ms  (+  31)  cpu   120 /   190 ms  session open               [main]
 * startup    302 ms  (+ 141)  cpu   255 /   330 ms  operator table             [main]
 * </pre>
 */
public final class StartupTrace {
  private static final boolean ENABLED = System.getenv("SLUICE_TRACE_STARTUP") != null
      || Boolean.getBoolean("sluice.trace.startup");
  private static final PrintStream OUT = System.err;
  private static long start;
  private static long last;

  private StartupTrace() {}

  /** Whether phases are printed. */
  public static boolean enabled() {
    return ENABLED;
  }

  /** Says that {@code phase} has just ended, when tracing is on. */
  public static void phase(String phase) {
    if (ENABLED) {
      print(phase);
    }
  }

  private static synchronized void print(String phase) {
    long now = System.nanoTime();
    if (start == 0) {
      // the JVM's start, read once (its management classes cost a few milliseconds, only when tracing)
      start = now - java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000;
      last = start;
    }
    long threadCpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    long processCpu = java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    OUT.printf("startup %6d ms  (+%4d)  cpu %5d / %5d ms  %-26s [%s]%n", (now - start) / 1_000_000,
        (now - last) / 1_000_000, threadCpu / 1_000_000, processCpu / 1_000_000, phase, Thread.currentThread().getName());
    last = now;
  }
}
