package io.sluice.cli;

import io.sluice.engine.result.BatchProgress;
import io.sluice.engine.result.LiveQuery;
import io.sluice.jdbc.SluiceResultSet;
import java.io.PrintStream;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Shows the rows of a SELECT over streams while they arrive, in the settings' result mode:
 * changelog (a line per change with its kind), append (rows as they come) or table (the current
 * result redrawn in place whenever the rows computed so far are all read). On a terminal a dimmed
 * status line under the rows gives the query, its batch, rows per second and watermark; Ctrl-C
 * (which cancels the statement) ends the display, not the shell.
 */
final class LiveResult {
  private static final String CLEAR_LINE = "\r\u001b[K";
  private static final String CLEAR_BELOW = "\r\u001b[J";
  private static final DateTimeFormatter WATERMARK =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final long STATUS_MILLIS = 500;

  private final ResultPrinter printer;
  private final PrintStream out;
  private final boolean terminal;
  private final IntSupplier height;

  private SluiceResultSet rs;
  private ShellSettings.ResultMode mode;
  private boolean changelog;
  private String[] header;
  private boolean[] numeric;
  private TableRenderer renderer;
  private int[] widths;
  private final List<String[]> pending = new ArrayList<>();
  private final List<String[]> table = new ArrayList<>();
  private long changes;
  private int drawnLines;
  private boolean statusShown;
  private boolean stopped;
  /** Narrowest a column of a live result starts: its later values are not known when it is drawn. */
  private static final int MIN_LIVE_NUMBER = 6;
  private static final int MIN_LIVE_TEXT = 12;

  LiveResult(ResultPrinter printer, PrintStream out, boolean terminal, IntSupplier height) {
    this.printer = printer;
    this.out = out;
    this.terminal = terminal;
    this.height = height;
  }

  /** Shows the result until it ends or is cancelled; returns the number of changes read. */
  long show(SluiceResultSet result) throws SQLException {
    rs = result;
    changelog = rs.isChangelog();
    ResultSetMetaData md = rs.getMetaData();
    String[] all = ResultPrinter.header(md);
    boolean[] allNumeric = ResultPrinter.numeric(md);
    mode = printer.settings().resultMode;
    if (mode == ShellSettings.ResultMode.TABLE && !terminal) {
      // redrawing in place needs a terminal: elsewhere rows are written as they come
      mode = changelog ? ShellSettings.ResultMode.CHANGELOG : ShellSettings.ResultMode.APPEND;
    }
    if (mode == ShellSettings.ResultMode.APPEND && changelog) {
      out.println("(the rows of this query change as data arrives; shown as a changelog)");
      mode = ShellSettings.ResultMode.CHANGELOG;
    }
    int skip = changelog ? 1 : 0;
    if (mode == ShellSettings.ResultMode.CHANGELOG) {
      header = new String[all.length - skip + 1];
      numeric = new boolean[header.length];
      header[0] = "op";
      System.arraycopy(all, skip, header, 1, all.length - skip);
      System.arraycopy(allNumeric, skip, numeric, 1, all.length - skip);
    } else {
      header = Arrays.copyOfRange(all, skip, all.length);
      numeric = Arrays.copyOfRange(allNumeric, skip, allNumeric.length);
    }
    renderer = printer.renderer();
    ScheduledExecutorService status = null;
    if (terminal) {
      status = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sluice-shell-status");
        t.setDaemon(true);
        return t;
      });
      status.scheduleWithFixedDelay(this::refreshStatus, 0, STATUS_MILLIS, TimeUnit.MILLISECONDS);
    }
    try {
      while (rs.next()) {
        String[] row = ResultPrinter.row(rs, all.length);
        changes++;
        take(row, skip);
        if (!rs.ready()) {
          flush(false);
        }
      }
    } catch (SQLException e) {
      if (!"57014".equals(e.getSQLState())) {
        throw e;
      }
      stopped = true;
    } finally {
      if (status != null) {
        status.shutdownNow();
      }
    }
    finish();
    return changes;
  }

  /** Whether the display ended by a cancel (Ctrl-C) rather than at the end of the rows. */
  boolean stopped() {
    return stopped;
  }

  /** Widths for rows drawn one by one: wide enough for values that have not come yet, fitted to the terminal. */
  private int[] liveWidths() {
    List<String[]> sample = new ArrayList<>(pending);
    String[] widest = new String[header.length];
    for (int c = 0; c < header.length; c++) {
      boolean kind = c == 0 && mode == ShellSettings.ResultMode.CHANGELOG; // +I, -U, +U, -D
      widest[c] = " ".repeat(kind ? 2 : numeric[c] ? MIN_LIVE_NUMBER : MIN_LIVE_TEXT);
    }
    sample.add(widest);
    return renderer.widths(header, sample);
  }

  private synchronized void take(String[] row, int skip) {
    String kind = changelog ? row[0] : "+I";
    String[] data = Arrays.copyOfRange(row, skip, row.length);
    switch (mode) {
      case CHANGELOG: {
        String[] shown = new String[data.length + 1];
        shown[0] = kind;
        System.arraycopy(data, 0, shown, 1, data.length);
        pending.add(shown);
        break;
      }
      case APPEND:
        pending.add(data);
        break;
      default:
        if (kind.startsWith("-")) {
          for (int i = 0; i < table.size(); i++) {
            if (Arrays.equals(table.get(i), data)) {
              table.remove(i);
              break;
            }
          }
        } else {
          table.add(data);
        }
    }
  }

  /** Prints what arrived since the last flush (or redraws the table). */
  private synchronized void flush(boolean last) {
    if (mode == ShellSettings.ResultMode.TABLE) {
      redraw(last);
      return;
    }
    if (pending.isEmpty() && widths != null) {
      return;
    }
    StringBuilder sb = new StringBuilder();
    eraseStatus(sb);
    if (widths == null) {
      widths = liveWidths();
      TableRenderer.border(sb, widths, '┌', '┬', '┐');
      renderer.line(sb, header, widths, new boolean[header.length]);
      TableRenderer.border(sb, widths, '├', '┼', '┤');
    }
    for (String[] row : pending) {
      renderer.line(sb, row, widths, numeric);
    }
    pending.clear();
    out.print(sb);
    drawStatus();
    out.flush();
  }

  /** The table as it is now, in place of the one drawn before, cut to the terminal's height. */
  private void redraw(boolean last) {
    StringBuilder sb = new StringBuilder();
    if (drawnLines > 0) {
      sb.append("\u001b[").append(drawnLines).append('A');
    }
    sb.append(CLEAR_BELOW);
    int room = Math.max(3, height.getAsInt() - 6);
    List<String[]> shown = table;
    String hidden = null;
    if (table.size() > room) {
      shown = table.subList(table.size() - room, table.size());
      hidden = "… " + (table.size() - room) + " earlier rows not shown";
    }
    String text = renderer.format(header, numeric, shown);
    if (hidden != null) {
      text += hidden + "\n";
    }
    sb.append(text);
    drawnLines = (int) text.chars().filter(ch -> ch == '\n').count();
    statusShown = false;
    out.print(sb);
    if (!last) {
      drawStatus();
    }
    out.flush();
  }

  private synchronized void refreshStatus() {
    if (!terminal) {
      return;
    }
    StringBuilder sb = new StringBuilder();
    eraseStatus(sb);
    out.print(sb);
    drawStatus();
    out.flush();
  }

  private void eraseStatus(StringBuilder sb) {
    if (statusShown) {
      sb.append(CLEAR_LINE);
      statusShown = false;
    }
  }

  private void drawStatus() {
    if (!terminal) {
      return;
    }
    String line = TableRenderer.fit(statusText(), Math.max(10, printer.width() - 1));
    out.print(TableRenderer.DIM + line + TableRenderer.PLAIN);
    statusShown = true;
  }

  /** "query q1 · batch 12 · 20 rows/s · watermark 2024-01-01 00:00:05 · 240 changes · Ctrl-C stops" */
  String statusText() {
    LiveQuery query = rs.streamingQuery();
    StringBuilder sb = new StringBuilder();
    if (query == null) {
      sb.append("starting");
    } else {
      sb.append("query ").append(query.id()).append(" · batch ").append(query.batches());
      sb.append(" · ").append(Math.round(recentRate(query.progress(), System.currentTimeMillis()))).append(" rows/s");
      Long watermark = query.watermark();
      if (watermark != null && watermark > Long.MIN_VALUE && watermark < Long.MAX_VALUE) {
        sb.append(" · watermark ").append(WATERMARK.format(Instant.ofEpochMilli(watermark)));
      }
    }
    if (mode == ShellSettings.ResultMode.TABLE) {
      sb.append(" · ").append(ScriptRunner.plural(table.size(), "row"));
    } else {
      sb.append(" · ").append(ScriptRunner.plural(changes, "change"));
    }
    return sb.append(" · Ctrl-C stops").toString();
  }

  /**
   * Input rows per second over the batches of the last {@link #RATE_WINDOW_MILLIS}: one batch's
   * own rate says little when batches without input (watermark only) come between.
   */
  static double recentRate(List<BatchProgress> progress, long now) {
    long rows = 0;
    long first = now;
    for (BatchProgress batch : progress) {
      if (batch.startMillis() >= now - RATE_WINDOW_MILLIS) {
        rows += batch.inputRows();
        first = Math.min(first, batch.startMillis());
      }
    }
    return rows == 0 ? 0 : rows * 1000.0 / Math.max(1000, now - first);
  }

  private static final long RATE_WINDOW_MILLIS = 5_000;

  private synchronized void finish() {
    flush(true);
    StringBuilder sb = new StringBuilder();
    eraseStatus(sb);
    if (mode != ShellSettings.ResultMode.TABLE) {
      if (widths == null) {
        widths = liveWidths();
        TableRenderer.border(sb, widths, '┌', '┬', '┐');
        renderer.line(sb, header, widths, new boolean[header.length]);
        TableRenderer.border(sb, widths, '├', '┼', '┤');
      }
      TableRenderer.border(sb, widths, '└', '┴', '┘');
    }
    out.print(sb);
    out.flush();
  }
}
