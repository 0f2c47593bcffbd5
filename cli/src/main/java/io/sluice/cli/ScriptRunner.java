package io.sluice.cli;

import io.sluice.jdbc.SluiceStatement;
import io.sluice.sqlparser.ScriptSplitter;
import io.sluice.sqlparser.SqlParseError;
import io.sluice.sqlparser.StatementText;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * Runs the statements of a script one by one through a JDBC connection and prints each result:
 * a table for rows, the engine's message or the update count otherwise.
 */
final class ScriptRunner {
  private final Connection connection;
  private final PrintStream out;
  private final PrintStream err;
  private final TableRenderer renderer;
  private final boolean debug;

  ScriptRunner(Connection connection, PrintStream out, PrintStream err, TableRenderer renderer, boolean debug) {
    this.connection = connection;
    this.out = out;
    this.err = err;
    this.renderer = renderer;
    this.debug = debug;
  }

  /**
   * Runs every statement of {@code script}.
   *
   * @param source the file name put before error messages, or null
   * @param echo whether to print each statement before its result
   * @param stopOnError stop at the first failing statement (scripts) or go on (the shell)
   * @return whether every statement succeeded
   */
  boolean run(String script, String source, boolean echo, boolean stopOnError) {
    List<StatementText> statements;
    try {
      statements = ScriptSplitter.split(script);
    } catch (SqlParseError e) {
      reportError(source, e.getMessage(), e);
      return false;
    }
    boolean ok = true;
    for (StatementText statement : statements) {
      if (echo) {
        out.println(prompted(statement.text()) + ";");
      }
      boolean success = runOne(statement, source);
      if (echo) {
        out.println();
      }
      ok &= success;
      if (!success && stopOnError) {
        return false;
      }
    }
    return ok;
  }

  /** The statement as the shell would show it typed in. */
  static String prompted(String text) {
    return Shell.PROMPT + text.replace("\n", "\n" + Shell.CONTINUATION_PROMPT);
  }

  /**
   * The statement's text, after {@code prefix}, padded to where it stands in the script: the
   * engine then reports line and column (and its caret snippet) in the script's coordinates rather
   * than the statement's (on the first line, columns move by the prefix).
   */
  static String positioned(String prefix, StatementText statement) {
    return prefix + "\n".repeat(statement.line() - 1) + " ".repeat(statement.column() - 1) + statement.text();
  }

  /** Runs one statement of a script and prints its result, or its error; returns whether it succeeded. */
  boolean runOne(StatementText statement, String source) {
    String sql = positioned("", statement);
    long start = System.nanoTime();
    try (Statement s = connection.createStatement()) {
      if (s.execute(sql)) {
        try (ResultSet rs = s.getResultSet()) {
          long rows = renderer.render(rs, out);
          out.println(plural(rows, "row") + " (" + elapsed(start) + ")");
        }
      } else {
        String message = s.unwrap(SluiceStatement.class).resultMessage();
        long count = s.getLargeUpdateCount();
        if (message != null && !message.isEmpty()) {
          out.println(message + " (" + elapsed(start) + ")");
        } else if (count > 0 || isDataChange(statement.text())) {
          out.println(plural(count, "row") + " affected (" + elapsed(start) + ")");
        } else {
          out.println("OK (" + elapsed(start) + ")");
        }
      }
      printWarnings(s.getWarnings());
      return true;
    } catch (SQLException e) {
      reportError(source, e.getMessage(), e);
      return false;
    } catch (RuntimeException e) {
      // A bug below the driver: report it as one, still without a stack trace unless asked.
      reportError(source, "internal error: " + e, e);
      return false;
    }
  }

  /** Warnings of a statement that succeeded: rows of its input that were dropped or kept with NULLs. */
  private void printWarnings(java.sql.SQLWarning warning) {
    out.flush();
    for (java.sql.SQLWarning w = warning; w != null; w = w.getNextWarning()) {
      err.println("Warning: " + w.getMessage());
    }
    err.flush();
  }

  private static boolean isDataChange(String sql) {
    String head = sql.stripLeading().toUpperCase(Locale.ROOT);
    return head.startsWith("INSERT") || head.startsWith("UPDATE") || head.startsWith("DELETE");
  }

  void reportError(String source, String message, Throwable e) {
    err.println("Error: " + (source == null ? "" : source + ": ") + message);
    if (debug && e != null) {
      e.printStackTrace(err);
    }
  }

  static String plural(long n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }

  static String elapsed(long startNanos) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    return String.format(Locale.ROOT, "%.3f s", seconds);
  }
}
