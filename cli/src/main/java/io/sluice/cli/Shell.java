package io.sluice.cli;

import io.sluice.engine.functions.FunctionHelp;
import io.sluice.engine.functions.FunctionRegistry;
import io.sluice.sqlparser.ScriptSplitter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Locale;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/** The interactive shell: reads statements with JLine and runs them through JDBC. */
final class Shell {
  static final String PROMPT = "sluice> ";
  static final String CONTINUATION_PROMPT = "     -> ";
  /** Widest a column is drawn on a terminal; longer values are cut with "…". */
  private static final int MAX_COLUMN_WIDTH = 80;

  static final String HELP = String.join("\n",
      "Type SQL statements ending with ';'. A statement may span several lines.",
      "",
      "  help              this text",
      "  help functions    the functions Sluice runs; 'help upper' for one of them",
      "  quit, exit, \\q    leave the shell (Ctrl-D too)",
      "  Ctrl-C            discard the line being typed",
      "",
      "Examples:",
      "  CREATE TABLE t (id BIGINT, name VARCHAR);",
      "  INSERT INTO t VALUES (1, 'one');",
      "  SELECT * FROM t;",
      "  CREATE TABLE s WITH (connector = 'files', format = 'parquet', path = 'data/s.parquet');",
      "  EXPLAIN SELECT * FROM t WHERE id > 1;",
      "",
      "Run 'sluice example' for a tour with sample data, 'sluice --help' for the command line.");

  private Shell() {}

  static int run(Connection connection, boolean debug) throws IOException {
    try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
      LineReader reader = LineReaderBuilder.builder()
          .terminal(terminal)
          .appName("sluice")
          .parser(new StatementParser())
          .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".sluice_history"))
          .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION_PROMPT)
          .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // '!' is ordinary text in SQL
          .build();
      PrintStream out = new PrintStream(terminal.output(), true, terminal.encoding());
      ScriptRunner runner = new ScriptRunner(connection, out, out, new TableRenderer(MAX_COLUMN_WIDTH), debug);
      out.println("Sluice " + Main.version() + ". Type 'help' for help, 'quit' to leave.");
      while (true) {
        String input;
        try {
          input = reader.readLine(PROMPT);
        } catch (UserInterruptException e) {
          continue; // Ctrl-C: drop what was typed, prompt again
        } catch (EndOfFileException e) {
          return 0; // Ctrl-D
        }
        String command = command(input);
        if (command == null) {
          runner.run(input, null, false, false);
        } else if (command.equals("help")) {
          out.println(help(input));
        } else if (!command.isEmpty()) {
          return 0;
        }
      }
    }
  }

  /**
   * The shell command the input is: "help" (alone or with a topic), "quit" for any way of
   * leaving, "" for blank input, or null when the input is SQL.
   */
  static String command(String input) {
    String text = withoutSemicolon(input);
    if (helpTopic(text) != null) {
      return "help";
    }
    switch (text.toLowerCase(Locale.ROOT)) {
      case "": return input.strip().isEmpty() ? "" : null;
      case "quit": case "exit": case "\\q": return "quit";
      default: return null;
    }
  }

  /**
   * What help prints: this shell's help, the list of functions for "help functions", or one
   * function for "help <name>", from the engine's function registry.
   */
  static String help(String input) {
    String topic = helpTopic(withoutSemicolon(input));
    return topic == null || topic.isEmpty() ? HELP : FunctionHelp.topic(FunctionRegistry.instance(), topic);
  }

  private static String withoutSemicolon(String input) {
    String text = input.strip();
    if (text.endsWith(";")) {
      text = text.substring(0, text.length() - 1).strip();
    }
    return text;
  }

  /** The words after "help" (or \h, \?), "" for bare help, null when the text is not a help command. */
  private static String helpTopic(String text) {
    String[] words = text.split("\\s+", 2);
    switch (words[0].toLowerCase(Locale.ROOT)) {
      case "help": case "\\h": case "\\?": return words.length > 1 ? words[1].strip() : "";
      default: return null;
    }
  }

  /** Whether the shell has all it needs to act: a command, blank input, or SQL ending in ';'. */
  static boolean isComplete(String buffer) {
    return command(buffer) != null || ScriptSplitter.isComplete(buffer);
  }

  /** Asks JLine for another line until the statement is complete. */
  private static final class StatementParser extends DefaultParser {
    StatementParser() {
      escapeChars(new char[0]); // a backslash in SQL text is not an escape
      setEofOnUnclosedQuote(false);
    }

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
      if (context == ParseContext.ACCEPT_LINE && !isComplete(line)) {
        throw new EOFError(-1, -1, "statement not complete", "';'");
      }
      return super.parse(line, cursor, context);
    }
  }
}
