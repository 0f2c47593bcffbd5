package io.sluice.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The shell's own commands, which are lines rather than SQL statements and need no ';':
 * {@code help}, {@code quit}, {@code \q}, {@code \x}, {@code .mode}, {@code \timing},
 * {@code .nullvalue}, {@code .result}, {@code \pager}, {@code \d}, {@code \dt}, {@code \i}. They work the same in
 * the shell, in {@code -c} text and in files run with {@code -f} or {@code \i}.
 */
final class ShellCommands {
  /** What a command asks of whoever runs it. */
  enum Outcome { OK, FAILED, QUIT }

  static final String HELP = String.join("\n",
      "Type SQL statements ending with ';'. A statement may span several lines.",
      "Tab completes keywords and names; Ctrl-C cancels a running statement.",
      "",
      "  help                   this text",
      "  help statements        the statements; 'help create source' for one of them",
      "  help functions         the functions Sluice runs; 'help upper' for one of them",
      "  \\d, \\d NAME           tables, views, sources and sinks; the columns of one",
      "  \\dt                    tables only",
      "  \\x [on|off|auto]       one line per column (auto: when a table is too wide)",
      "  .mode box|line|csv|json|markdown",
      "                         how results are printed",
      "  .result changelog|table|append",
      "                         how a SELECT over a stream is shown while rows arrive (also",
      "                         SET 'shell.result-mode' = 'table'); Ctrl-C stops it",
      "  .nullvalue TEXT        how NULL is written (dimmed on a terminal)",
      "  \\timing [on|off]       the time each statement took",
      "  \\pager [on|off]        results taller than the terminal through $PAGER (else less -SFRX)",
      "  \\i FILE                run the statements of a file",
      "  quit, exit, \\q         leave the shell (Ctrl-D too)",
      "  Ctrl-C                 cancel the running statement, or discard the line being typed",
      "",
      "Examples:",
      "  CREATE TABLE t (id BIGINT, name VARCHAR);",
      "  INSERT INTO t VALUES (1, 'one');",
      "  SELECT * FROM t;",
      "  CREATE SOURCE ticks (id BIGINT) WITH (connector = 'datagen', 'rows-per-second' = '2');",
      "  SELECT * FROM ticks;",
      "  EXPLAIN SELECT * FROM t WHERE id > 1;",
      "",
      "Run 'sluice example' for a tour with sample data, 'sluice --help' for the command line.");

  /** The commands' names, for completion. */
  static final List<String> NAMES = List.of("help", "quit", "exit", "\\q", "\\d", "\\dt", "\\x", "\\timing",
      "\\pager", "\\i", ".mode", ".result", ".nullvalue");

  private final ScriptRunner runner;
  private final Connection connection;
  private final ShellSettings settings;
  private final PrintStream out;
  private final PrintStream err;

  ShellCommands(ScriptRunner runner, Connection connection, ShellSettings settings, PrintStream out,
      PrintStream err) {
    this.runner = runner;
    this.connection = connection;
    this.settings = settings;
    this.out = out;
    this.err = err;
  }

  /** Whether a line is a shell command rather than (the start of) SQL. */
  static boolean isCommand(String line) {
    String text = line.strip();
    if (text.startsWith("\\")) {
      return true;
    }
    if (text.length() > 1 && text.charAt(0) == '.' && Character.isLetter(text.charAt(1))) {
      return true;
    }
    String word = withoutSemicolon(text).split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
    return word.equals("help") || ((word.equals("quit") || word.equals("exit")) && withoutSemicolon(text)
        .equalsIgnoreCase(word));
  }

  static String withoutSemicolon(String input) {
    String text = input.strip();
    while (text.endsWith(";")) {
      text = text.substring(0, text.length() - 1).strip();
    }
    return text;
  }

  /** Runs one command line; {@code source} names the file it comes from, for errors. */
  Outcome run(String line, String source) {
    String text = withoutSemicolon(line);
    String[] words = text.split("\\s+", 2);
    String name = words[0].toLowerCase(Locale.ROOT);
    String argument = words.length > 1 ? words[1].strip() : "";
    try {
      switch (name) {
        case "help": case "\\h": case "\\?":
          out.println(Shell.help(text));
          return Outcome.OK;
        case "quit": case "exit": case "\\q":
          return Outcome.QUIT;
        case "\\x":
          settings.expanded = argument.isEmpty()
              ? (settings.expanded == ShellSettings.Expanded.ON ? ShellSettings.Expanded.OFF : ShellSettings.Expanded.ON)
              : ShellSettings.parse(ShellSettings.Expanded.class, argument, "\\x");
          out.println("Expanded display is " + ShellSettings.name(settings.expanded) + ".");
          return Outcome.OK;
        case ".mode": case "\\pset":
          if (!argument.isEmpty()) {
            settings.format = ShellSettings.parse(ShellSettings.Format.class, argument.replaceFirst("(?i)^format\\s+", ""),
                ".mode");
          }
          out.println("Output mode is " + ShellSettings.name(settings.format) + ".");
          return Outcome.OK;
        case ".result": case "\\result":
          if (!argument.isEmpty()) {
            settings.resultMode = ShellSettings.parse(ShellSettings.ResultMode.class, argument, ".result");
          }
          out.println("Streaming results are shown as " + ShellSettings.name(settings.resultMode) + ".");
          return Outcome.OK;
        case ".nullvalue":
          settings.nullText = argument.isEmpty() ? TableRenderer.NULL_TEXT : unquote(argument);
          out.println("NULL is shown as " + settings.nullText + ".");
          return Outcome.OK;
        case "\\timing": case ".timer":
          settings.timing = argument.isEmpty() ? !settings.timing : onOff(argument, name);
          out.println("Timing is " + (settings.timing ? "on" : "off") + ".");
          return Outcome.OK;
        case "\\pager":
          settings.pager = argument.isEmpty() ? !settings.pager : onOff(argument, name);
          Pager pager = runner.printer().pager();
          out.println("Pager is " + (settings.pager ? "on" : "off") + (!settings.pager ? "."
              : pager != null ? " (" + pager.command() + ") for results taller than the terminal."
              : ", but there is none here: not in the interactive shell, or PAGER is empty and less is not installed."));
          return Outcome.OK;
        case "\\d":
          return argument.isEmpty() ? relations(null) : runner.runSql("DESCRIBE " + argument, source);
        case "\\dt":
          return relations("TABLE");
        case "\\i": case ".read":
          return include(argument, source);
        default:
          throw new IllegalArgumentException("Unknown command '" + words[0] + "'. Type 'help' for the commands.");
      }
    } catch (IllegalArgumentException e) {
      runner.reportError(source, e.getMessage(), null);
      return Outcome.FAILED;
    }
  }

  private static boolean onOff(String word, String command) {
    switch (word.toLowerCase(Locale.ROOT)) {
      case "on": return true;
      case "off": return false;
      default: throw new IllegalArgumentException(command + " takes on|off, not '" + word + "'");
    }
  }

  private static String unquote(String text) {
    if (text.length() >= 2 && (text.startsWith("'") && text.endsWith("'") || text.startsWith("\"") && text.endsWith("\""))) {
      return text.substring(1, text.length() - 1);
    }
    return text;
  }

  /** The catalog's names with their kinds, from the driver's metadata; only tables for {@code \dt}. */
  private Outcome relations(String onlyType) {
    List<String[]> rows = new ArrayList<>();
    try {
      DatabaseMetaData md = connection.getMetaData();
      try (ResultSet rs = md.getTables(null, null, "%", onlyType == null ? null : new String[] {onlyType})) {
        while (rs.next()) {
          rows.add(new String[] {rs.getString("TABLE_NAME"), rs.getString("TABLE_TYPE").toLowerCase(Locale.ROOT)});
        }
      }
    } catch (SQLException e) {
      runner.reportError(null, e.getMessage(), e);
      return Outcome.FAILED;
    }
    if (rows.isEmpty()) {
      out.println(onlyType == null ? "Nothing is defined yet: CREATE TABLE, SOURCE, SINK or VIEW."
          : "No tables yet.");
      return Outcome.OK;
    }
    out.print(runner.printer().format(new String[] {"name", "kind"}, new boolean[2], rows));
    return Outcome.OK;
  }

  private Outcome include(String file, String source) {
    if (file.isEmpty()) {
      runner.reportError(source, "\\i needs a file name", null);
      return Outcome.FAILED;
    }
    String name = unquote(file);
    String script;
    try {
      script = Files.readString(Path.of(name), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      runner.reportError(source, name + ": no such file", null);
      return Outcome.FAILED;
    } catch (IOException e) {
      runner.reportError(source, name + ": cannot read: " + e.getMessage(), null);
      return Outcome.FAILED;
    }
    return runner.run(script, name, false, true) ? Outcome.OK : Outcome.FAILED;
  }
}
