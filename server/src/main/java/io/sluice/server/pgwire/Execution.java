package io.sluice.server.pgwire;

import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

/**
 * One statement that ran: its rows still to send (a portal's state between Execute messages), or
 * the command tag of a statement without rows, and the warnings to send as notices.
 */
final class Execution implements AutoCloseable {
  final ResultRows rows;
  final String tag;
  /** "SELECT", "SHOW", ...: the first word of the tag that ends a row result. */
  final String verb;
  final SQLWarning warnings;
  /** The JDBC statement that ran (closed with the execution), or null. */
  private final Statement statement;
  /**
   * Whether closing this execution closes {@link #statement} (not when it is a cursor's, borrowed
   * by a FETCH), and whether it does so for a prepared statement too (which is otherwise the
   * extended protocol's, run again by the next Bind).
   */
  private final boolean ownsStatement;
  private final boolean ownsPrepared;
  long rowsSent;

  private Execution(ResultRows rows, String tag, String verb, SQLWarning warnings, Statement statement,
      boolean ownsStatement, boolean ownsPrepared) {
    this.rows = rows;
    this.tag = tag;
    this.verb = verb;
    this.warnings = warnings;
    this.statement = statement;
    this.ownsStatement = ownsStatement;
    this.ownsPrepared = ownsPrepared;
  }

  static Execution rows(ResultRows rows, String verb, SQLWarning warnings, Statement statement) {
    return new Execution(rows, null, verb, warnings, statement, true, false);
  }

  /** Rows of a prepared statement made for this execution alone (a DECLARE's query with parameters): closed with it. */
  static Execution ownPrepared(ResultRows rows, String verb, SQLWarning warnings, java.sql.PreparedStatement statement) {
    return new Execution(rows, null, verb, warnings, statement, true, true);
  }

  /** Rows read from another execution's statement (a FETCH from a cursor): a cancel stops that statement, a close leaves it. */
  static Execution borrowed(ResultRows rows, String verb, Statement statement) {
    return new Execution(rows, null, verb, null, statement, false, false);
  }

  static Execution command(String tag, SQLWarning warnings) {
    return new Execution(null, tag, null, warnings, null, false, false);
  }

  /** The JDBC statement whose rows these are, for cancel requests; null for the server's own answers. */
  Statement statement() {
    return statement;
  }

  /** The tag of CommandComplete once every row was sent. */
  String completionTag() {
    return rows == null ? tag : verb + (verb.equals("SELECT") || verb.equals("FETCH") ? " " + rowsSent : "");
  }

  @Override
  public void close() throws SQLException {
    if (rows != null) {
      rows.close();
    }
    if (ownsStatement && statement != null && (ownsPrepared || !(statement instanceof java.sql.PreparedStatement))) {
      statement.close();
    }
  }
}
