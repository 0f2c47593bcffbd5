package io.sluice.cli;

import io.sluice.jdbc.SluiceDriver;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The {@code sluice} command: an interactive shell on a terminal, or a runner for SQL given
 * with {@code -c}, {@code -f}/{@code run}, or on standard input. Talks to the engine only
 * through the JDBC driver.
 */
public final class Main {
  static final String URL = "jdbc:sluice:";
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  static final String USAGE_TEXT = String.join("\n",
      "Usage: sluice [--debug] [COMMAND]",
      "",
      "  sluice                     interactive shell (reads a script from standard input when it is not a terminal)",
      "  sluice -c \"SQL; SQL\"       run the statements and exit",
      "  sluice -f FILE.sql         run the statements of a file and exit",
      "  sluice run FILE.sql        the same as -f",
      "  sluice example             run a built-in example over bundled sample data",
      "  sluice --help              show this text",
      "  sluice --version           show the version",
      "",
      "Options:",
      "  --debug                    show stack traces with errors",
      "",
      "Statements run in order; the first error stops the run with exit status 1.",
      "Set JAVA_OPTS to pass options to the JVM.");

  private Main() {}

  public static void main(String[] args) {
    boolean terminal = System.console() != null;
    int status = run(args, System.in, System.out, System.err, terminal);
    System.out.flush();
    System.exit(status);
  }

  static String version() {
    return SluiceDriver.version();
  }

  /**
   * Runs the command line and returns the exit status.
   *
   * @param terminal whether standard input and output are a terminal (then no arguments means the shell)
   */
  static int run(String[] args, InputStream in, PrintStream out, PrintStream err, boolean terminal) {
    boolean debug = false;
    String mode = null;
    String argument = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--debug":
          debug = true;
          continue;
        case "-h":
        case "--help":
          out.println(USAGE_TEXT);
          return OK;
        case "-V":
        case "--version":
          out.println("sluice " + version());
          return OK;
        default:
          break;
      }
      if (mode != null) {
        return usage(err, "unexpected argument '" + arg + "'");
      }
      switch (arg) {
        case "-c":
        case "-f":
        case "run":
          if (i + 1 >= args.length) {
            return usage(err, "'" + arg + "' needs " + (arg.equals("-c") ? "SQL text" : "a file name"));
          }
          mode = arg.equals("-c") ? "-c" : "-f";
          argument = args[++i];
          break;
        case "example":
          mode = "example";
          break;
        default:
          return usage(err, (arg.startsWith("-") ? "unknown option '" : "unknown command '") + arg + "'");
      }
    }

    try (Connection connection = DriverManager.getConnection(URL)) {
      ScriptRunner runner = new ScriptRunner(connection, out, err, new TableRenderer(0), debug);
      if (mode == null) {
        if (terminal) {
          return Shell.run(connection, debug);
        }
        String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return runner.run(script, null, false, true) && awaitQueries(connection, err) ? OK : FAILED;
      }
      switch (mode) {
        case "-c":
          return runner.run(argument, null, false, true) && awaitQueries(connection, err) ? OK : FAILED;
        case "-f":
          String script;
          try {
            script = Files.readString(Path.of(argument), StandardCharsets.UTF_8);
          } catch (NoSuchFileException e) {
            err.println("Error: " + argument + ": no such file");
            return FAILED;
          } catch (IOException e) {
            err.println("Error: " + argument + ": cannot read: " + e.getMessage());
            return FAILED;
          }
          return runner.run(script, argument, false, true) && awaitQueries(connection, err) ? OK : FAILED;
        default:
          return Example.run(runner, out) ? OK : FAILED;
      }
    } catch (SQLException | IOException | RuntimeException e) {
      err.println("Error: " + e.getMessage());
      if (debug) {
        e.printStackTrace(err);
      }
      return FAILED;
    }
  }

  private static int usage(PrintStream err, String problem) {
    err.println("Error: " + problem);
    err.println("Run 'sluice --help' for usage.");
    return USAGE;
  }

  /** A pipeline runs until its continuous queries end; one that fails fails the run. */
  private static boolean awaitQueries(Connection connection, PrintStream err) throws SQLException {
    try {
      connection.unwrap(io.sluice.jdbc.SluiceConnection.class).awaitContinuousQueries();
      return true;
    } catch (SQLException e) {
      err.println("Error: " + e.getMessage());
      return false;
    }
  }
}
