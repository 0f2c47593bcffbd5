package io.sluice.cli;

import io.sluice.catalog.StartupTrace;
import io.sluice.jdbc.SluiceDriver;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The {@code sluice} command: an interactive shell on a terminal, a runner for SQL given with
 * {@code -c}, {@code -f}/{@code run}, or on standard input, and the checkpoint commands
 * ({@link CheckpointCommands}). Talks to the engine only through the JDBC driver.
 */
public final class Main {
  static final String URL = "jdbc:sluice:";
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  /** How often {@code --supervise} restarts a failing pipeline unless {@code --max-restarts} says. */
  static final int DEFAULT_MAX_RESTARTS = 5;

  static final String USAGE_TEXT = String.join("\n",
      "Usage: sluice [--debug] [--db FOLDER] [COMMAND]",
      "",
      "  sluice                     interactive shell (reads a script from standard input when it is not a terminal)",
      "  sluice -c \"SQL; SQL\"       run the statements and exit",
      "  sluice -f FILE.sql         run the statements of a file one by one and exit (those before an error",
      "                             have run); takes the options of run",
      "  sluice run [--checkpoint DIR] [--var NAME=VALUE]... FILE.sql",
      "                             checks the whole file first, then runs it, as -f does; continuous queries",
      "                             keep their checkpoints in DIR, by default .sluice-checkpoints/FILE next to the",
      "                             file (unless the file sets 'pipeline.checkpoint')",
      "  sluice run --supervise [--max-restarts N] ... FILE.sql",
      "                             a run that fails starts again from its checkpoints after 1 s, 2 s, 4 s, ...",
      "                             (at most a minute), at most N times (default 5); each cause is printed",
      "  sluice run --progress FILE ... FILE.sql",
      "                             appends one JSON line per batch of every query to FILE (as SET",
      "                             'pipeline.progress'); on a terminal a status line per query shows its batch,",
      "                             rows/s and how far its watermark is behind the clock",
      "  sluice run --http-port N ... FILE.sql",
      "                             serves Prometheus metrics of the queries on http://127.0.0.1:N/metrics",
      "  sluice run --ui [PORT] ... FILE.sql",
      "                             serves a live web page of the queries (plots, plan, batches) and its JSON API",
      "                             on http://127.0.0.1:PORT/ (default 4040; the --http-port server when the same",
      "                             port); --ui also goes with the shell and -c",
      "  sluice FILE.sql [OPTIONS]  the same as sluice run",
      "  sluice validate [--var NAME=VALUE]... FILE.sql",
      "                             checks the whole file (names, types, plans) and says what each statement",
      "                             would do; runs nothing and writes nothing",
      "  sluice explain [--var NAME=VALUE]... FILE.sql",
      "                             the plan of each query of the file; runs nothing and writes nothing",
      "  sluice checkpoint show DIR",
      "                             what a checkpoint (or a pipeline's folder of them) holds: plan, batches, state",
      "  sluice checkpoint check [--checkpoint DIR] [--var NAME=VALUE]... FILE.sql",
      "                             whether each continuous query of the file can go on from its checkpoint;",
      "                             runs nothing, exit status 1 if one would be refused",
      "  sluice replay [--checkpoint DIR] --batch N [--sink NAME] [--out FILE.csv] [--var NAME=VALUE]... FILE.sql",
      "                             runs batch N of a query of the file again from its checkpoint and prints the",
      "                             rows it wrote (or writes them as CSV); writes nothing to the sink or checkpoint",
      "  sluice serve [--port 5432] [--host 127.0.0.1] [--password-file FILE] [--max-connections 64]",
      "             [--http-port N] [--tls-keystore FILE.p12]",
      "                             serves the database (--db, else a new in-memory one) over the PostgreSQL",
      "                             protocol: psql, PostgreSQL's JDBC driver, psycopg connect to it; a host other",
      "                             than a loopback address needs --password-file (SCRAM-SHA-256); --http-port",
      "                             serves Prometheus metrics on http://127.0.0.1:N/metrics; --tls-keystore",
      "                             answers SSLRequest with TLS (PKCS#12 certificate and key; its password in",
      "                             the environment variable SLUICE_TLS_PASSWORD)",
      "  sluice serve --hash-password USER",
      "                             reads a password from standard input and prints the line of a password file",
      "  sluice example             run a built-in example over bundled sample data",
      "  sluice --help              show this text",
      "  sluice --version           show the version",
      "",
      "Options:",
      "  --debug                    show stack traces with errors",
      "  -i FILE                    run the statements and shell commands of FILE first (the shell also runs",
      "                             ~/.sluicerc at start when there is one)",
      "  --db FOLDER                keep the database in FOLDER (created if needed): tables, views, sources, sinks,",
      "                             settings and running queries are there when it is opened again; 'sluice FOLDER'",
      "                             is the same for a folder that exists",
      "  --no-external-access       locked down: no file, folder or URI outside --allowed-paths, for the whole run",
      "                             (the same as SET 'security.external-access' = 'off', which SQL cannot undo)",
      "  --allowed-paths DIR[,DIR]  the folders that --no-external-access still allows",
      "  --var NAME=VALUE           the value of ${NAME} in the file (else the environment variable NAME,",
      "                             else the default in ${NAME:-default}); $${ is a literal ${",
      "",
      "Statements run in order; the first error stops the run with exit status 1. A pipeline file (run, -f)",
      "runs until its continuous queries end; SIGTERM or Ctrl-C stops every query after the batch it is",
      "running commits, prints what each did and exits with status 0 (SIGTERM) or 130 (Ctrl-C); a second",
      "signal stops at once.",
      "Set JAVA_OPTS to pass options to the JVM.");

  private Main() {}

  public static void main(String[] args) {
    StartupTrace.phase("main");
    JarDirectoryPrefetch.start();
    String jnu = System.getProperty("sun.jnu.encoding", "UTF-8");
    for (String arg : args) {
      if (arg.indexOf('\uFFFD') >= 0 && !jnu.equalsIgnoreCase("UTF-8")) {
        // The JVM decoded the command line in the locale's character set and lost what it could not
        // read; running the text would store '?' in place of the user's characters.
        System.err.println("Error: the command line holds characters that the locale's character set (" + jnu
            + ") cannot represent. Run with a UTF-8 locale (LC_ALL=C.UTF-8, as bin/sluice does) or put the SQL"
            + " in a file and use -f.");
        System.exit(USAGE);
      }
    }
    boolean terminal = System.console() != null;
    int status = run(args, System.in, System.out, System.err, terminal);
    System.out.flush();
    StartupTrace.phase("exit");
    System.exit(status);
  }

  /**
   * Opens a connection to Sluice's own driver directly. {@code DriverManager} would first load and
   * initialise every driver the jar carries (Calcite's, Avatica's, PostgreSQL's), which costs a
   * short command a noticeable part of its start-up.
   */
  static Connection connect(String url, java.util.Properties properties) throws SQLException {
    return new SluiceDriver().connect(url, properties);
  }

  static String version() {
    return SluiceDriver.version();
  }

  /** A command line that does not parse: said on stderr, with exit status 2. */
  static final class UsageError extends Exception {
    private static final long serialVersionUID = 1L;

    UsageError(String message) {
      super(message);
    }
  }

  /**
   * Runs the command line and returns the exit status.
   *
   * @param terminal whether standard input and output are a terminal (then no arguments means the shell)
   */
  static int run(String[] args, InputStream in, PrintStream out, PrintStream err, boolean terminal) {
    GlobalOptions options;
    Command command;
    try {
      options = GlobalOptions.parse(args);
      if (options.help) {
        out.println(USAGE_TEXT);
        return OK;
      }
      if (options.version) {
        out.println("sluice " + version());
        return OK;
      }
      command = Command.parse(options.words);
    } catch (UsageError e) {
      return usage(err, e.getMessage());
    }
    boolean debug = options.debug;
    java.util.Properties properties = options.properties;
    String initFile = options.initFile;
    String uiPort = options.uiPort;
    String url = options.url;
    boolean runsPipeline = command.name().equals("run") || command.name().equals("-f");
    if (uiPort != null && !runsPipeline && !command.name().isEmpty() && !command.name().equals("-c")) {
      return usage(err, "--ui goes with run, -f, -c and the shell, not with '" + command.name() + "'");
    }
    if (command.name().equals("serve")) {
      // its own entry point, so that the server's classes load only for it (start-up of the other commands)
      return ServeCommand.run(command, url.equals(URL) ? ServeCommand.IN_MEMORY_URL : url, properties, in, out, err);
    }
    try (Connection connection = connect(url, properties);
         AutoCloseable page = uiPort == null || runsPipeline ? () -> { } : HttpPort.start(null, uiPort, null,
             connection.unwrap(io.sluice.jdbc.SluiceConnection.class)::continuousQueryProgress, err)) {
      StartupTrace.phase("session open");
      ScriptRunner runner = new ScriptRunner(connection, out, err, new TableRenderer(0), debug);
      boolean shell = terminal && command.name().isEmpty(); // the shell runs the init file itself
      if (initFile != null && !shell && !runner.run("\\i " + initFile, null, false, true)) {
        return FAILED;
      }
      CheckpointCommands checkpoints = new CheckpointCommands(connection, out, err, debug);
      switch (command.name()) {
        case "": {
          if (terminal) {
            return Shell.run(connection, debug, initFile);
          }
          return runScript(runner, connection, new String(in.readAllBytes(), StandardCharsets.UTF_8), out, err);
        }
        case "-c":
          return runScript(runner, connection, command.argument(), out, err);
        case "-f":
        case "run": {
          String script = readPipeline(command, err);
          if (script == null || (command.name().equals("run") && !new PipelineCheck(out, err, debug).check(script,
              command.argument(), checkpointFor(command), PipelineCheck.Show.NOTHING))) {
            return FAILED;
          }
          String limit = command.options().get("--max-restarts");
          if (command.has("--supervise") && !url.equals(URL)) {
            return usage(err, "--supervise runs the file on a new in-memory database for each attempt; it does not"
                + " go with a database folder (--db)");
          }
          PipelineRun pipeline = new PipelineRun(url, out, err, debug, terminal ? err : null,
              command.options().get("--progress")).withHttpPort(command.options().get(HttpPort.OPTION)).withUi(uiPort);
          return pipeline.run(script, command.argument(), command.checkpoint(), command.has("--supervise"),
              limit == null ? DEFAULT_MAX_RESTARTS : Integer.parseInt(limit));
        }
        case "validate":
        case "explain": {
          String script = readPipeline(command, err);
          return script != null && new PipelineCheck(out, err, debug).check(script, command.argument(), null,
              command.name().equals("validate") ? PipelineCheck.Show.OUTCOMES : PipelineCheck.Show.PLANS)
              ? OK : FAILED;
        }
        case "checkpoint show":
          return checkpoints.show(command.argument());
        case "checkpoint check": {
          String script = readPipeline(command, err);
          if (script == null) {
            return FAILED;
          }
          // the file's statements build the catalog in a check-only database: nothing of it runs
          try (Connection check = connect(PipelineCheck.URL, new java.util.Properties())) {
            return new CheckpointCommands(check, out, err, debug).check(script, command.argument(),
                command.checkpoint());
          }
        }
        case "replay": {
          String script = readPipeline(command, err);
          return script == null ? FAILED : checkpoints.replay(script, command.argument(), command.checkpoint(),
              command.batch(), command.sink(), command.out());
        }
        default:
          return Example.run(runner, out) ? OK : FAILED;
      }
    } catch (Exception e) {
      err.println("Error: " + e.getMessage());
      if (debug) {
        e.printStackTrace(err);
      }
      return FAILED;
    }
  }

  /**
   * The text of the command's pipeline file with its variables replaced, or null after saying why
   * there is none.
   */
  private static String readPipeline(Command command, PrintStream err) {
    String text = readScript(command.argument(), err);
    if (text == null) {
      return null;
    }
    try {
      return new Variables(command.variables(), System.getenv()).apply(text);
    } catch (Variables.VariableError e) {
      err.println("Error: " + command.argument() + ": " + e.getMessage());
      return null;
    }
  }

  /** The checkpoint folder a run of the command's file uses unless the file sets its own. */
  private static String checkpointFor(Command command) {
    return command.checkpoint() != null ? command.checkpoint()
        : CheckpointCommands.defaultCheckpoint(command.argument());
  }

  /** The text of a script file, or null after saying why it cannot be read. */
  private static String readScript(String file, PrintStream err) {
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      err.println("Error: " + file + ": no such file");
    } catch (IOException e) {
      err.println("Error: " + file + ": cannot read: " + e.getMessage());
    }
    return null;
  }

  private static int usage(PrintStream err, String problem) {
    err.println("Error: " + problem);
    err.println("Run 'sluice --help' for usage.");
    return USAGE;
  }

  /**
   * Runs the statements of {@code -c} or of piped input, then waits for the continuous queries they
   * started. Ctrl-C cancels the statement that runs (or stops the queries at a batch boundary),
   * says what was done and makes the exit status 130.
   */
  private static int runScript(ScriptRunner runner, Connection connection, String script, PrintStream out,
      PrintStream err) throws SQLException {
    io.sluice.jdbc.SluiceConnection sluice = connection.unwrap(io.sluice.jdbc.SluiceConnection.class);
    try (CommandInterrupts interrupts = CommandInterrupts.install(err, sluice::stopContinuousQueries)) {
      runner.onInterrupt(interrupts);
      boolean ok = runner.run(script, null, false, true);
      if (interrupts.interrupted()) {
        sluice.stopContinuousQueries(); // those started before Ctrl-C came
      }
      ok = ok && awaitQueries(connection, err);
      if (interrupts.interrupted()) {
        PipelineRun.printSummary(sluice, "Ctrl-C", out);
        out.flush();
        err.println("Interrupted (Ctrl-C)");
        return PipelineRun.INTERRUPTED;
      }
      return ok ? OK : FAILED;
    }
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
