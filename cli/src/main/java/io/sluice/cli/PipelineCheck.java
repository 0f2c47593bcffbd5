package io.sluice.cli;

import io.sluice.jdbc.SluiceStatement;
import io.sluice.sqlparser.Insert;
import io.sluice.sqlparser.QueryStatement;
import io.sluice.sqlparser.ScriptSplitter;
import io.sluice.sqlparser.SqlParseError;
import io.sluice.sqlparser.StatementParser;
import io.sluice.sqlparser.StatementText;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Checks a whole pipeline file before anything of it runs: its statements go, in order, to a
 * check-only database ({@code jdbc:sluice:check:}, a fresh one per check), where DDL and SET build
 * the catalog and options the file will have and every query is planned as it would be when it
 * starts, without starting. The first error stops the check and is reported with the file, line
 * and column. {@code sluice validate} prints what each statement would do, {@code sluice explain}
 * the plan of each query.
 */
final class PipelineCheck {
  static final String URL = "jdbc:sluice:check:";

  private final PrintStream out;
  private final PrintStream err;
  private final boolean debug;

  PipelineCheck(PrintStream out, PrintStream err, boolean debug) {
    this.out = out;
    this.err = err;
    this.debug = debug;
  }

  /** What a check shows: nothing (before a run), each statement's outcome, or each query's plan. */
  enum Show { NOTHING, OUTCOMES, PLANS }

  /**
   * Checks {@code script} (the text of {@code file}, variables replaced) with {@code checkpoint}
   * as {@code pipeline.checkpoint} unless the file sets it; returns whether it passed.
   */
  boolean check(String script, String file, String checkpoint, Show show) {
    List<StatementText> statements;
    try {
      statements = ScriptSplitter.split(withoutShellCommands(script));
    } catch (SqlParseError e) {
      report(file, e.getMessage(), e);
      return false;
    }
    try (Connection connection = Main.connect(URL, new java.util.Properties())) {
      if (checkpoint != null) {
        try (Statement s = connection.createStatement()) {
          s.execute("SET 'pipeline.checkpoint' = '" + checkpoint.replace("'", "''") + "'");
        }
      }
      int queries = 0;
      for (StatementText statement : statements) {
        boolean query = isQuery(statement);
        queries += query ? 1 : 0;
        if (!checkOne(connection, statement, file, show, query)) {
          return false;
        }
      }
      if (show == Show.OUTCOMES) {
        out.println(file + ": " + ScriptRunner.plural(statements.size(), "statement") + " checked ("
            + queries + (queries == 1 ? " query" : " queries") + " planned); nothing was run or written.");
      }
      return true;
    } catch (SQLException e) {
      report(file, e.getMessage(), e);
      return false;
    }
  }

  private boolean checkOne(Connection connection, StatementText statement, String file, Show show, boolean query) {
    String positioned = ScriptRunner.positioned("", statement);
    try (Statement s = connection.createStatement()) {
      if (show == Show.PLANS && query) {
        out.println("-- line " + statement.line() + ": " + headline(statement.text()));
        try (ResultSet plan = s.executeQuery(ScriptRunner.positioned("EXPLAIN ", statement))) {
          while (plan.next()) {
            out.println(plan.getString(1));
          }
        }
        out.println();
      }
      if (s.execute(positioned)) {
        s.getResultSet().close();
      } else if (show == Show.OUTCOMES) {
        String message = s.unwrap(SluiceStatement.class).resultMessage();
        out.println("line " + statement.line() + ": " + (message == null || message.isEmpty() ? "OK" : message));
      }
      return true;
    } catch (SQLException e) {
      report(file, ScriptRunner.located(e.getMessage(), statement), e);
      return false;
    }
  }

  /**
   * The script with its shell commands ({@code .mode csv}, {@code \timing}, ... on a line of their
   * own where a statement may start, as {@link ScriptRunner#run} takes them) blanked out: they change
   * how results print, not what runs. Lines keep their numbers.
   */
  static String withoutShellCommands(String script) {
    String[] lines = script.split("\n", -1);
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      if (!(ShellCommands.isCommand(lines[i]) && ScriptRunner.atStatementStart(sql))) {
        sql.append(lines[i]);
      }
      if (i + 1 < lines.length) {
        sql.append('\n');
      }
    }
    return sql.toString();
  }

  /** Whether the statement is a query or an INSERT: what {@code explain} shows plans of. */
  private static boolean isQuery(StatementText statement) {
    try {
      io.sluice.sqlparser.Statement parsed = StatementParser.parse(statement.text());
      return parsed instanceof QueryStatement || parsed instanceof Insert;
    } catch (SqlParseError e) {
      return false; // the check reports it
    }
  }

  private static String headline(String text) {
    String first = text.strip().lines().findFirst().orElse("");
    return first.length() > 100 ? first.substring(0, 99) + "…" : first;
  }

  private void report(String file, String message, Throwable e) {
    err.println("Error: " + file + ": " + message);
    if (debug && e != null) {
      e.printStackTrace(err);
    }
  }
}
