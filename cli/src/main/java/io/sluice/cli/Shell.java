package io.sluice.cli;

import io.sluice.engine.Functions;
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
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/** The interactive shell: reads statements with JLine and runs them through JDBC. */
final class Shell {
  static final String PROMPT = "sluice> ";
  static final String CONTINUATION_PROMPT = "     -> ";
  /** Widest a column is drawn on a terminal; longer values are cut with "…". */
  private static final int MAX_COLUMN_WIDTH = 80;

  static final String HELP = ShellCommands.HELP;

  private Shell() {}

  static int run(Connection connection, boolean debug) throws IOException {
    return run(connection, debug, null);
  }

  /**
   * Runs the shell until quit or Ctrl-D; first ~/.sluicerc if there is one, then {@code initFile}
   * (-i) if given.
   */
  static int run(Connection connection, boolean debug, String initFile) throws IOException {
    try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
      LineReader reader = LineReaderBuilder.builder()
          .terminal(terminal)
          .appName("sluice")
          .parser(new StatementParser())
          .completer(new SqlCompleter(connection))
          .highlighter(new SqlHighlighter())
          .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".sluice_history"))
          .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION_PROMPT)
          .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // '!' is ordinary text in SQL
          .option(LineReader.Option.CASE_INSENSITIVE, true)
          .build();
      PrintStream out = new PrintStream(terminal.output(), true, terminal.encoding());
      boolean styled = !Terminal.TYPE_DUMB.equals(terminal.getType())
          && !Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
      ResultPrinter printer = new ResultPrinter(new ShellSettings(), terminal::getWidth, styled, MAX_COLUMN_WIDTH);
      if (styled) { // a dumb terminal is no terminal a pager could use
        printer.pageWith(Pager.fromEnvironment(System.getenv()), terminal::getHeight, terminal.encoding());
      }
      ScriptRunner runner = new ScriptRunner(connection, out, out, printer, debug);
      // Ctrl-C never ends the shell: between statements it does nothing, at the prompt JLine takes it
      terminal.handle(Terminal.Signal.INT, signal -> { });
      runner.onTerminal(action -> {
        // while a statement runs: Ctrl-C cancels it, and keys typed meanwhile are not echoed into
        // its output (a live table is redrawn in place); they are still read at the next prompt
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> action.run());
        Attributes typing = terminal.getAttributes();
        Attributes quiet = new Attributes(typing);
        quiet.setLocalFlag(Attributes.LocalFlag.ECHO, false);
        terminal.setAttributes(quiet);
        return () -> {
          terminal.setAttributes(typing);
          terminal.handle(Terminal.Signal.INT, previous);
        };
      }, terminal::getHeight);
      out.println("Sluice " + Main.version() + ". Type 'help' for help, 'quit' to leave.");
      Path rc = Path.of(System.getProperty("user.home"), ".sluicerc");
      if (java.nio.file.Files.isRegularFile(rc)) {
        runner.run("\\i " + rc, null, false, false);
      }
      if (initFile != null) {
        runner.run("\\i " + initFile, null, false, false);
      }
      while (!runner.quitRequested()) {
        String input;
        try {
          input = reader.readLine(PROMPT);
        } catch (UserInterruptException e) {
          continue; // Ctrl-C: drop what was typed, prompt again
        } catch (EndOfFileException e) {
          return 0; // Ctrl-D
        }
        runner.run(input, null, false, false);
      }
      return 0;
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
    if (topic == null || topic.isEmpty()) {
      return HELP;
    }
    String statement = StatementHelp.topic(topic);
    return statement != null ? statement : Functions.help(topic);
  }

  /** A shell command (help, quit, \\x, .mode, ...) needs no ';'. */
  private static boolean isCommandLine(String buffer) {
    return !buffer.contains("\n") && ShellCommands.isCommand(buffer);
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
    return command(buffer) != null || isCommandLine(buffer) || ScriptSplitter.isComplete(buffer);
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
