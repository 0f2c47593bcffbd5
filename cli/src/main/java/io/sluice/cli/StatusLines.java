package io.sluice.cli;

import io.sluice.jdbc.SluiceConnection;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * While a pipeline runs on a terminal, one status line per continuous query on standard error,
 * redrawn in place twice a second: its batch, input rows per second and how far its watermark is
 * behind the clock. A daemon thread; {@link #close} erases the lines.
 */
final class StatusLines implements AutoCloseable {
  static final long REFRESH_MILLIS = 500;

  private final SluiceConnection connection;
  private final PrintStream terminal;
  private final Thread thread;
  private int shown;
  private boolean closed;

  private StatusLines(SluiceConnection connection, PrintStream terminal) {
    this.connection = connection;
    this.terminal = terminal;
    this.thread = new Thread(this::loop, "sluice-status");
    thread.setDaemon(true);
  }

  /** Starts the lines on {@code terminal}. */
  static StatusLines start(SluiceConnection connection, PrintStream terminal) {
    StatusLines lines = new StatusLines(connection, terminal);
    lines.thread.start();
    return lines;
  }

  private void loop() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(REFRESH_MILLIS);
        draw(connection.continuousQuerySummaries());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void draw(List<SluiceConnection.ContinuousQuerySummary> queries) {
    if (closed) {
      return;
    }
    StringBuilder text = new StringBuilder();
    text.append(up(shown));
    long now = System.currentTimeMillis();
    for (SluiceConnection.ContinuousQuerySummary q : queries) {
      text.append("\r\033[2K").append(line(q, now)).append('\n');
    }
    shown = queries.size();
    terminal.print(text);
    terminal.flush();
  }

  /** Moves the cursor up over the lines drawn last time, to draw over them. */
  private static String up(int lines) {
    return lines == 0 ? "" : "\033[" + lines + "A";
  }

  /** One query's line: {@code q1 -> hot: batch 12, 3,400 rows/s, watermark 2.1 s behind}. */
  static String line(SluiceConnection.ContinuousQuerySummary q, long nowMillis) {
    StringBuilder line = new StringBuilder();
    line.append(q.id()).append(" -> ").append(q.sink()).append(": ");
    if (!q.status().equals("running")) {
      line.append(q.status()).append(", ");
    }
    line.append(q.batches() == 0 ? "no batch yet" : "batch " + (q.batches() - 1))
        .append(String.format(Locale.ROOT, ", %,d rows/s", Math.round(q.inputRowsPerSecond())))
        .append(q.watermark() == null ? ", no watermark" : ", watermark " + lag(nowMillis - q.watermark())
            + " behind");
    return line.toString();
  }

  /** A lag in the largest unit that keeps it readable. */
  static String lag(long millis) {
    if (millis < 0) {
      return "0 s";
    }
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    if (millis < 3_600_000) {
      return String.format(Locale.ROOT, "%.1f min", millis / 60_000.0);
    }
    if (millis < 172_800_000) {
      return String.format(Locale.ROOT, "%.1f h", millis / 3_600_000.0);
    }
    return String.format(Locale.ROOT, "%,d days", millis / 86_400_000);
  }

  @Override
  public synchronized void close() {
    closed = true;
    thread.interrupt();
    terminal.print("\r" + up(shown) + "\033[J"); // erase them: the summary or the error follows
    terminal.flush();
    shown = 0;
  }
}
