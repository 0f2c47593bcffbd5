package io.sluice.server.pgwire;

import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * A statement of the extended protocol (Parse): its text, its {@code $n} parameters turned into
 * JDBC markers and, when it has any, the Sluice prepared statement that takes them. A statement
 * without parameters is run as it is when executed, so that DDL and the server's own commands go
 * through the same path as in a simple query.
 *
 * <p>A {@code DECLARE ... CURSOR FOR query} with parameters prepares its query; each execution
 * runs a copy of it with the bound values ({@link #prepareBound}), which the cursor keeps open
 * after the statement is replaced or closed.
 */
final class ParsedStatement implements AutoCloseable {
  final String text;
  private final Placeholders placeholders;
  private final int[] declared;
  /** The prepared statement, or null for a statement without parameters (or one the server answers). */
  final PreparedStatement jdbc;
  /** Whether the statement is a DECLARE ... CURSOR FOR query: {@link #jdbc}, if any, is its query's. */
  final boolean declaresCursor;
  /** The parameters of the last Bind as text, for the statements the server answers itself. */
  private List<String> textParameters = List.of();
  /** The parameters of the last Bind, by number. */
  private Object[] bound = new Object[0];

  private ParsedStatement(String text, Placeholders placeholders, int[] declared, PreparedStatement jdbc,
      boolean declaresCursor) {
    this.text = text;
    this.declaresCursor = declaresCursor;
    this.placeholders = placeholders;
    this.declared = declared;
    this.jdbc = jdbc;
  }

  static ParsedStatement parse(String text, int[] declared, Connection session, CatalogQueries catalog)
      throws SQLException {
    String rewritten = LiteralCasts.rewrite(text);
    String cursorQuery = Cursors.declaredQuery(rewritten);
    Placeholders placeholders = Placeholders.rewrite(cursorQuery != null ? cursorQuery : rewritten);
    if (placeholders.count() == 0 || catalog.recognises(text)) {
      return new ParsedStatement(text, placeholders, declared, null, cursorQuery != null);
    }
    return new ParsedStatement(text, placeholders, declared, session.prepareStatement(placeholders.sql()),
        cursorQuery != null);
  }

  int parameterCount() {
    return Math.max(placeholders.count(), declared.length);
  }

  /** Each parameter's type: the one the client declared, else the one Sluice inferred. */
  int[] parameterOids() throws SQLException {
    int[] oids = new int[parameterCount()];
    for (int k = 0; k < oids.length; k++) {
      oids[k] = type(k + 1).oid;
    }
    return oids;
  }

  private PgType type(int number) throws SQLException {
    if (number <= declared.length && declared[number - 1] != 0) {
      PgType t = PgType.ofOid(declared[number - 1]);
      if (t != null) {
        return t;
      }
    }
    if (jdbc != null) {
      int[] order = placeholders.order();
      ParameterMetaData meta = jdbc.getParameterMetaData();
      for (int j = 0; j < order.length; j++) {
        if (order[j] == number) {
          return PgType.ofJdbc(meta.getParameterType(j + 1));
        }
      }
    }
    return PgType.UNKNOWN;
  }

  /** Sets the parameters from Bind's values, read in the formats Bind gave. */
  void bind(byte[][] values, short[] formats) throws SQLException, ProtocolException {
    if (values.length != parameterCount()) {
      throw new SQLException("bind message supplies " + values.length + " parameters, but prepared statement"
          + " requires " + parameterCount(), "08P01");
    }
    if (formats.length > 1 && formats.length != values.length) {
      throw new ProtocolException("bind message has " + formats.length + " parameter formats but " + values.length
          + " parameters");
    }
    Object[] decoded = new Object[values.length];
    for (int k = 0; k < values.length; k++) {
      decoded[k] = PgValues.parameter(values[k], Backend.format(formats, k) == 1, type(k + 1));
    }
    List<String> texts = new java.util.ArrayList<>();
    for (Object value : decoded) {
      texts.add(value == null ? null : value.toString());
    }
    textParameters = texts;
    bound = decoded;
    if (jdbc != null) {
      setParameters(jdbc);
    }
  }

  private void setParameters(PreparedStatement statement) throws SQLException {
    int[] order = placeholders.order();
    for (int j = 0; j < order.length; j++) {
      statement.setObject(j + 1, bound[order[j] - 1]);
    }
  }

  /**
   * A new prepared statement of this one's query (a DECLARE's query after FOR) with the values of
   * the last Bind set: the caller owns it.
   */
  PreparedStatement prepareBound(Connection session) throws SQLException {
    PreparedStatement copy = session.prepareStatement(placeholders.sql());
    try {
      setParameters(copy);
    } catch (SQLException e) {
      copy.close();
      throw e;
    }
    return copy;
  }

  /** The text Sluice prepares: the statement's, or a DECLARE's query, with {@code ?} markers. */
  String preparedText() {
    return placeholders.sql();
  }

  List<String> textParameters() {
    return textParameters;
  }

  @Override
  public void close() {
    if (jdbc != null) {
      try {
        jdbc.close();
      } catch (SQLException e) {
        // closing a statement that is done
      }
    }
  }
}
