package io.sluice.cli;

import io.sluice.catalog.StartupTrace;
import io.sluice.jdbc.SluiceResultSet;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the statements of a script one by one through a JDBC connection and prints each result:
 * a table for rows, the engine's message or the update count otherwise.
 */
final class ScriptRunner {
  /** Runs an action on Ctrl-C while a statement runs; closing the registration ends that. */
  interface Interrupts {
    AutoCloseable onInterrupt(Runnable action);

    /** Whether an interrupt should end the script: then no later statement runs. */
    default boolean interrupted() {
      return false;
    }
  }

  private static final Pattern SHELL_SET =
      Pattern.compile("(?is)\\s*SET\\s+'?(shell\\.[a-z.-]+)'?\\s*=\\s*'([^']*)'\\s*;?\\s*");

  private final Connection connection;
  private final PrintStream out;
  private final PrintStream err;
  private final ResultPrinter printer;
  private final boolean debug;
  private final ShellCommands commands;
  private Interrupts interrupts = action -> () -> { };
  private boolean liveOnTerminal;
  private java.util.function.IntSupplier terminalHeight = () -> 0;
  private boolean quit;

  ScriptRunner(Connection connection, PrintStream out, PrintStream err, TableRenderer renderer, boolean debug) {
    this(connection, out, err, new ResultPrinter(new ShellSettings(), () -> 0, false, 0), debug);
  }

  ScriptRunner(Connection connection, PrintStream out, PrintStream err, ResultPrinter printer, boolean debug) {
    this.connection = connection;
    this.out = out;
    this.err = err;
    this.printer = printer;
    this.debug = debug;
    this.commands = new ShellCommands(this, connection, printer.settings(), out, err);
  }

  /** Ctrl-C cancels the running statement (and, for a script, the statements after it). */
  void onInterrupt(Interrupts interrupts) {
    this.interrupts = interrupts;
  }

  /** On a terminal: Ctrl-C cancels the running statement, and streaming results are drawn live. */
  void onTerminal(Interrupts interrupts, java.util.function.IntSupplier height) {
    this.interrupts = interrupts;
    this.liveOnTerminal = true;
    this.terminalHeight = height;
  }

  ResultPrinter printer() {
    return printer;
  }

  ShellCommands commands() {
    return commands;
  }

  /** Whether a quit command ran. */
  boolean quitRequested() {
    return quit;
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
    // a line that is a shell command where a statement may start runs as one, in its place
    String[] lines = script.split("\n", -1);
    StringBuilder sql = new StringBuilder();
    boolean ok = true;
    for (int i = 0; i < lines.length; i++) {
      if (ShellCommands.isCommand(lines[i]) && atStatementStart(sql)) {
        ok &= runStatements(sql.toString(), source, echo, stopOnError);
        if (!ok && stopOnError || quit || interrupts.interrupted()) {
          return ok;
        }
        sql.setLength(0);
        sql.append("\n".repeat(i + 1)); // later statements keep their line numbers in the script
        if (echo) {
          out.println(Shell.PROMPT + lines[i].strip());
        }
        ShellCommands.Outcome outcome = commands.run(lines[i], source);
        if (outcome == ShellCommands.Outcome.QUIT) {
          quit = true;
          return ok;
        }
        ok &= outcome == ShellCommands.Outcome.OK;
        if (!ok && stopOnError) {
          return false;
        }
        continue;
      }
      sql.append(lines[i]);
      if (i + 1 < lines.length) {
        sql.append('\n');
      }
    }
    return runStatements(sql.toString(), source, echo, stopOnError) && ok;
  }

  /** Whether a command may stand after this SQL text: it is blank, comments, or ends with ';'. */
  static boolean atStatementStart(CharSequence sql) {
    String text = sql.toString();
    if (text.isBlank() || ScriptSplitter.isComplete(text)) {
      return true;
    }
    try {
      return ScriptSplitter.split(text).isEmpty();
    } catch (RuntimeException e) {
      return false; // an unclosed string or comment: the line belongs to it
    }
  }

  private boolean runStatements(String script, String source, boolean echo, boolean stopOnError) {
    if (script.isBlank()) {
      return true;
    }
    List<StatementText> statements;
    try {
      statements = ScriptSplitter.split(script);
    } catch (SqlParseError e) {
      reportError(source, e.getMessage(), e);
      return false;
    }
    boolean ok = true;
    for (StatementText statement : statements) {
      if (interrupts.interrupted()) {
        return false;
      }
      if (echo) {
        out.println(prompted(statement.text()) + ";");
      }
      boolean success = runOne(statement, source);
      if (echo) {
        out.println();
      }
      ok &= success;
      if (!success && stopOnError || interrupts.interrupted()) {
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
    Matcher shellSet = SHELL_SET.matcher(statement.text());
    if (shellSet.matches()) {
      return setShellOption(shellSet.group(1).toLowerCase(Locale.ROOT), shellSet.group(2), source);
    }
    try (Statement s = connection.createStatement();
        AutoCloseable cancelOnInterrupt = interrupts.onInterrupt(() -> cancel(s))) {
      if (s.execute(sql)) {
        try (ResultSet rs = s.getResultSet()) {
          SluiceResultSet sluice = rs.unwrap(SluiceResultSet.class);
          if (sluice.isContinuous() && !(endsByItself(sluice) && !liveOnTerminal)) {
            LiveResult live = new LiveResult(printer, out, liveOnTerminal, terminalHeight);
            long changes = live.show(sluice);
            out.println(plural(changes, "change") + (live.stopped() ? ", stopped" : "") + timing(start));
          } else {
            long rows = printer.print(rs, out);
            out.println(plural(rows, "row") + timing(start));
            StartupTrace.phase("result printed");
          }
        }
      } else {
        String message = s.unwrap(SluiceStatement.class).resultMessage();
        long count = s.getLargeUpdateCount();
        if (message != null && !message.isEmpty()) {
          out.println(message + timing(start));
        } else if (count > 0 || isDataChange(statement.text())) {
          out.println(plural(count, "row") + " affected" + timing(start));
        } else {
          out.println("OK" + timing(start));
        }
      }
      printWarnings(s.getWarnings());
      return true;
    } catch (SQLException e) {
      if ("57014".equals(e.getSQLState())) {
        reportError(source, e.getMessage() + timing(start), null);
        return false;
      }
      reportError(source, source == null ? e.getMessage() : located(e.getMessage(), statement), e);
      return false;
    } catch (Exception e) {
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

  private static final java.util.regex.Pattern POSITION = java.util.regex.Pattern.compile("line \\d+, column \\d+");

  /**
   * The error of a statement of a file, with a place in the file: the one the engine gave, or
   * else where the statement starts (an unknown connector, a missing sink, ...).
   */
  static String located(String message, StatementText statement) {
    String first = message == null ? "" : message.lines().findFirst().orElse("");
    if (POSITION.matcher(first).find()) {
      return message;
    }
    return "At line " + statement.line() + ", column " + statement.column() + ": " + message;
  }

  /**
   * Whether a SELECT over streams stops once it has caught up (trigger once or available-now):
   * off a terminal its rows are then printed as one table at the end, like a batch result's.
   */
  private static boolean endsByItself(SluiceResultSet rs) {
    io.sluice.engine.result.LiveQuery query = rs.streamingQuery();
    return query != null && query.endsWhenCaughtUp();
  }

  /** Runs one statement given as text (for shell commands such as \d NAME). */
  ShellCommands.Outcome runSql(String sql, String source) {
    List<StatementText> statements = ScriptSplitter.split(sql);
    return statements.size() == 1 && runOne(statements.get(0), source) ? ShellCommands.Outcome.OK
        : ShellCommands.Outcome.FAILED;
  }

  private static void cancel(Statement statement) {
    try {
      statement.unwrap(SluiceStatement.class).cancel("Cancelled (Ctrl-C)");
    } catch (SQLException e) {
      // the statement has ended meanwhile: nothing to cancel
    }
  }

  /** " (0.012 s)" when timing is on, else "". */
  private String timing(long start) {
    return printer.settings().timing ? " (" + elapsed(start) + ")" : "";
  }

  /** {@code SET 'shell.result-mode' = 'table'}: a setting of the shell, not of the session. */
  private boolean setShellOption(String key, String value, String source) {
    try {
      if (key.equals("shell.result-mode")) {
        printer.settings().resultMode = ShellSettings.parse(ShellSettings.ResultMode.class, value, "'shell.result-mode'");
      } else if (key.equals("shell.format")) {
        printer.settings().format = ShellSettings.parse(ShellSettings.Format.class, value, "'shell.format'");
      } else {
        throw new IllegalArgumentException("Unknown shell option '" + key
            + "'; the shell takes 'shell.result-mode' (changelog|table|append) and 'shell.format'");
      }
    } catch (IllegalArgumentException e) {
      reportError(source, e.getMessage(), null);
      return false;
    }
    out.println("Set " + key + " = '" + value + "'");
    return true;
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

  /**
   * "0.012 s": the time since {@code startNanos} to the millisecond. Written by hand rather than with
   * {@code String.format}, whose first use loads the locale's number formats (about 10 ms of a short command).
   */
  static String elapsed(long startNanos) {
    return seconds(Math.round((System.nanoTime() - startNanos) / 1e6));
  }

  /** "1.005 s" for 1005 milliseconds. */
  static String seconds(long millis) {
    long fraction = millis % 1000;
    return millis / 1000 + (fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".") + fraction + " s";
  }
}
