package io.sluice.cli;

import io.sluice.sqlparser.CreateSink;
import io.sluice.sqlparser.Insert;
import io.sluice.sqlparser.ScriptSplitter;
import io.sluice.sqlparser.SqlParseError;
import io.sluice.sqlparser.Statement;
import io.sluice.sqlparser.StatementParser;
import io.sluice.sqlparser.StatementText;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The checkpoint side of the command line: the default checkpoint folder of {@code sluice run},
 * {@code sluice checkpoint show|check} and {@code sluice replay}. A thin face over the engine's
 * statements {@code SHOW CHECKPOINT}, {@code EXPLAIN CHECKPOINT} and {@code REPLAY BATCH}, run
 * through the JDBC driver: the pipeline file supplies the catalog (its statements run as they
 * would, quietly) and its continuous queries, which are checked or replayed instead of started.
 */
final class CheckpointCommands {
  /** Folder next to a pipeline file that holds its checkpoints when nothing else is said. */
  static final String DEFAULT_FOLDER = ".sluice-checkpoints";

  private final Connection connection;
  private final PrintStream out;
  private final PrintStream err;
  /** Runs the pipeline's catalog statements: their results are not shown, their errors are. */
  private final ScriptRunner quiet;

  CheckpointCommands(Connection connection, PrintStream out, PrintStream err, boolean debug) {
    this.connection = connection;
    this.out = out;
    this.err = err;
    this.quiet = new ScriptRunner(connection, new PrintStream(OutputStream.nullOutputStream()), err,
        new TableRenderer(0), debug);
  }

  /** Where a pipeline file's queries keep their checkpoints by default: {@code .sluice-checkpoints/NAME} beside it. */
  static String defaultCheckpoint(String file) {
    Path path = Path.of(file);
    String name = path.getFileName().toString();
    if (name.toLowerCase(Locale.ROOT).endsWith(".sql")) {
      name = name.substring(0, name.length() - 4);
    }
    Path parent = path.getParent();
    return (parent == null ? Path.of(DEFAULT_FOLDER) : parent.resolve(DEFAULT_FOLDER)).resolve(name).toString();
  }

  /**
   * Sets {@code pipeline.checkpoint} for the pipeline in {@code file}, as a SET at its top would
   * (a SET in the file overrides it): to {@code explicit}, or to the default beside the file.
   */
  boolean setCheckpoint(String explicit, String file) {
    String location = explicit != null ? explicit : defaultCheckpoint(file);
    try (java.sql.Statement s = connection.createStatement()) {
      s.execute("SET 'pipeline.checkpoint' = " + quoted(location));
      return true;
    } catch (SQLException e) {
      quiet.reportError(null, e.getMessage(), e);
      return false;
    }
  }

  /** {@code sluice checkpoint show DIR}. */
  int show(String folder) {
    try (java.sql.Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SHOW CHECKPOINT " + quoted(folder))) {
      while (rs.next()) {
        out.println(rs.getString(1));
      }
      return Main.OK;
    } catch (SQLException e) {
      quiet.reportError(null, e.getMessage(), e);
      return Main.FAILED;
    }
  }

  /** A continuous query of a pipeline: its statement and the sink it writes. */
  private record Query(StatementText statement, String sink) {}

  /**
   * The continuous queries of a script: INSERT INTO a sink the script creates. Read from the text
   * alone, so that a query can be picked before anything runs.
   */
  private static List<Query> continuousQueries(List<StatementText> statements) {
    Set<String> sinks = new HashSet<>();
    List<Query> queries = new ArrayList<>();
    for (StatementText text : statements) {
      Statement statement;
      try {
        statement = StatementParser.parse(text.text());
      } catch (SqlParseError e) {
        continue; // reported when the statement runs
      }
      if (statement instanceof CreateSink) {
        sinks.add(((CreateSink) statement).name().toLowerCase(Locale.ROOT));
      } else if (statement instanceof Insert
          && sinks.contains(((Insert) statement).target().toLowerCase(Locale.ROOT))) {
        queries.add(new Query(text, ((Insert) statement).target()));
      }
    }
    return queries;
  }

  /** The statements of a script, or null after reporting why it does not split. */
  private List<StatementText> split(String script, String file) {
    try {
      return ScriptSplitter.split(script);
    } catch (SqlParseError e) {
      quiet.reportError(file, e.getMessage(), e);
      return null;
    }
  }

  /**
   * {@code sluice checkpoint check}: runs the pipeline's catalog statements and, in place of each
   * continuous query, EXPLAIN CHECKPOINT; says for each query whether it goes on from its
   * checkpoint. Exit status 1 if one would be refused.
   */
  int check(String script, String file, String checkpoint) {
    List<StatementText> statements = split(script, file);
    if (statements == null || !setCheckpoint(checkpoint, file)) {
      return Main.FAILED;
    }
    List<Query> queries = continuousQueries(statements);
    if (queries.isEmpty()) {
      err.println("Error: " + file + " has no continuous query (INSERT INTO a sink it creates): nothing to check");
      return Main.FAILED;
    }
    int refused = 0;
    int next = 0;
    for (StatementText statement : statements) {
      if (next < queries.size() && queries.get(next).statement() == statement) {
        next++;
        String verdict = explain(statement, file);
        if (verdict == null) {
          return Main.FAILED;
        }
        refused += verdict.equals("refused") ? 1 : 0;
      } else if (!quiet.runOne(statement, file)) {
        return Main.FAILED;
      }
    }
    out.println(queries.size() == 1 ? (refused == 0 ? "The query can go on from its checkpoint."
        : "The query would be refused.") : (queries.size() - refused) + " of " + queries.size()
        + " queries can go on from their checkpoints" + (refused == 0 ? "." : "; " + refused + " would be refused."));
    return refused == 0 ? Main.OK : Main.FAILED;
  }

  /** Prints the EXPLAIN CHECKPOINT of one query; returns its verdict, or null after an error. */
  private String explain(StatementText statement, String file) {
    try (java.sql.Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(ScriptRunner.positioned("EXPLAIN CHECKPOINT ", statement))) {
      String verdict = null;
      while (rs.next()) {
        if (verdict == null) {
          verdict = rs.getString("verdict");
          String headline;
          switch (verdict) {
            case "resumes":
              headline = "goes on from its checkpoint ";
              break;
            case "new":
              headline = "starts a new checkpoint ";
              break;
            default:
              headline = "is refused by its checkpoint ";
          }
          out.println(rs.getString("sink") + ": " + headline + rs.getString("checkpoint"));
        }
        out.println("  - " + rs.getString("reason").replace("\n", "\n    "));
      }
      return verdict == null ? "resumes" : verdict;
    } catch (SQLException e) {
      quiet.reportError(file, e.getMessage(), e);
      return null;
    }
  }

  /**
   * {@code sluice replay}: runs the pipeline's catalog statements up to the chosen continuous
   * query, then REPLAY BATCH in its place, and prints the rows (or writes them as CSV).
   */
  int replay(String script, String file, String checkpoint, long batch, String sink, String outFile) {
    List<StatementText> statements = split(script, file);
    if (statements == null) {
      return Main.FAILED;
    }
    List<Query> queries = continuousQueries(statements);
    Query chosen = choose(queries, sink, file);
    if (chosen == null || !setCheckpoint(checkpoint, file)) {
      return Main.FAILED;
    }
    for (StatementText statement : statements) {
      if (statement == chosen.statement()) {
        break; // what follows the query did not exist when it started
      }
      if (!quiet.runOne(statement, file)) {
        return Main.FAILED;
      }
    }
    try (java.sql.Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(ScriptRunner.positioned("REPLAY BATCH " + batch + " ", chosen.statement()))) {
      String what = "batch " + batch + " of the query into " + chosen.sink();
      if (outFile == null) {
        long rows = new TableRenderer(0).render(rs, out);
        out.println(ScriptRunner.plural(rows, "row") + " (" + what + ")");
      } else {
        long rows = writeCsv(rs, Path.of(outFile));
        out.println(ScriptRunner.plural(rows, "row") + " of " + what + " written to " + outFile);
      }
      return Main.OK;
    } catch (SQLException e) {
      quiet.reportError(file, e.getMessage(), e);
      return Main.FAILED;
    } catch (IOException e) {
      err.println("Error: " + outFile + ": cannot write: " + e.getMessage());
      return Main.FAILED;
    }
  }

  /** The query {@code --sink} names, or the only one; null after saying why there is none. */
  private Query choose(List<Query> queries, String sink, String file) {
    List<String> sinks = new ArrayList<>();
    for (Query q : queries) {
      sinks.add(q.sink());
      if (sink != null && q.sink().equalsIgnoreCase(sink)) {
        return q;
      }
    }
    if (queries.isEmpty()) {
      err.println("Error: " + file + " has no continuous query (INSERT INTO a sink it creates): nothing to replay");
    } else if (sink != null) {
      err.println("Error: " + file + " has no continuous query into '" + sink + "'; its queries write "
          + String.join(", ", sinks));
    } else if (queries.size() > 1) {
      err.println("Error: " + file + " has " + queries.size() + " continuous queries, into " + String.join(", ", sinks)
          + ": pick one with --sink NAME");
    } else {
      return queries.get(0);
    }
    return null;
  }

  /**
   * Writes the rows as CSV: a header of column names, then one line per row; a field is quoted
   * when it holds a comma, a quote or a line break, or is empty (an empty field is NULL), as the
   * files sink writes CSV, so that a batch replayed from a CSV sink compares line by line.
   */
  static long writeCsv(ResultSet rs, Path file) throws SQLException, IOException {
    ResultSetMetaData meta = rs.getMetaData();
    int columns = meta.getColumnCount();
    long rows = 0;
    try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int c = 1; c <= columns; c++) {
        writer.write((c > 1 ? "," : "") + csvField(meta.getColumnLabel(c)));
      }
      writer.write('\n');
      while (rs.next()) {
        for (int c = 1; c <= columns; c++) {
          String value = rs.getString(c);
          writer.write((c > 1 ? "," : "") + (value == null ? "" : csvField(value)));
        }
        writer.write('\n');
        rows++;
      }
    }
    return rows;
  }

  private static String csvField(String value) {
    boolean quote = value.isEmpty() || value.indexOf(',') >= 0 || value.indexOf('"') >= 0
        || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
    return quote ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
  }

  /** A SQL string literal. */
  private static String quoted(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
