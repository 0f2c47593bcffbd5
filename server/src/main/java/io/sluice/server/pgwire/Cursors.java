package io.sluice.server.pgwire;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQL-level cursors of one connection: {@code DECLARE name [NO SCROLL] CURSOR [WITH[OUT] HOLD] FOR
 * query}, {@code FETCH [FORWARD] [n | ALL] [FROM] name}, {@code MOVE} and {@code CLOSE name | ALL},
 * as psql's {@code FETCH_COUNT} and other clients page through a large result. A cursor is the
 * query's open result; each FETCH sends its next rows (over a stream, waiting for them as a
 * SELECT does). As in PostgreSQL a cursor without {@code WITH HOLD} lives inside a transaction
 * block (BEGIN ... COMMIT, which the server accepts though every statement commits on its own)
 * and is closed when the block ends; cursors read forward only.
 */
final class Cursors implements AutoCloseable {
  private static final String NAME = "([a-z_][a-z0-9_$]*|\"(?:[^\"]|\"\")+\")";
  private static final Pattern DECLARE = Pattern.compile("(?is)\\s*DECLARE\\s+" + NAME
      + "\\s+((?:(?:BINARY|INSENSITIVE|ASENSITIVE|NO\\s+SCROLL|SCROLL)\\s+)*)CURSOR\\s+(?:(WITH|WITHOUT)\\s+HOLD\\s+)?"
      + "FOR\\s+(.*?)[\\s;]*");
  private static final Pattern FETCH = Pattern.compile("(?is)\\s*(FETCH|MOVE)\\s+(.*?)" + NAME + "[\\s;]*");
  private static final Pattern DIRECTION = Pattern.compile(
      "(?is)(?:(NEXT)|(?:FORWARD\\s+)?(ALL)|(?:FORWARD\\s+)?(\\d+)|(FORWARD))?\\s*(?:(?:FROM|IN)\\s*)?");
  private static final Pattern CLOSE = Pattern.compile("(?is)\\s*CLOSE\\s+(?:(ALL)|" + NAME + ")[\\s;]*");

  /** Runs a cursor's query: the connection's own path of a statement. */
  interface Runner {
    Execution run(String query) throws SQLException;
  }

  private final Map<String, Cursor> open = new HashMap<>();

  /** The query after FOR if {@code sql} is a DECLARE, else null: with {@code $n} parameters it is what gets prepared. */
  static String declaredQuery(String sql) {
    Matcher m = DECLARE.matcher(sql);
    return m.matches() ? m.group(4) : null;
  }

  /** The answer if the statement is DECLARE, FETCH, MOVE or CLOSE, else null. */
  Execution handle(String sql, boolean inTransactionBlock, Runner runner) throws SQLException {
    Matcher m = DECLARE.matcher(sql);
    if (m.matches()) {
      return declare(name(m.group(1)), m.group(2), "WITH".equalsIgnoreCase(m.group(3)), m.group(4),
          inTransactionBlock, runner);
    }
    m = FETCH.matcher(sql);
    if (m.matches()) {
      return fetch(m.group(1).toUpperCase(Locale.ROOT), m.group(2), name(m.group(3)));
    }
    m = CLOSE.matcher(sql);
    if (m.matches()) {
      if (m.group(1) != null) {
        close();
      } else {
        Cursor cursor = cursor(name(m.group(2)));
        open.remove(cursor.name);
        cursor.execution.close();
      }
      return Execution.command("CLOSE CURSOR", null);
    }
    return null;
  }

  /** A transaction block ended (COMMIT or ROLLBACK): its cursors close, those declared WITH HOLD stay. */
  void transactionEnded() throws SQLException {
    for (Cursor cursor : new ArrayList<>(open.values())) {
      if (!cursor.holdable) {
        open.remove(cursor.name);
        cursor.execution.close();
      }
    }
  }

  private Execution declare(String name, String options, boolean holdable, String query, boolean inTransactionBlock,
      Runner runner) throws SQLException {
    if (!holdable && !inTransactionBlock) {
      throw new SQLException("DECLARE CURSOR can only be used in transaction blocks (BEGIN first, or declare it"
          + " WITH HOLD)", "25P01");
    }
    if (options.toUpperCase(Locale.ROOT).replaceAll("NO\\s+SCROLL", "").contains("SCROLL")) {
      throw new SQLException("cursor \"" + name + "\": SCROLL cursors are not supported; Sluice's cursors read"
          + " forward only (NO SCROLL)", "0A000");
    }
    if (open.containsKey(name)) {
      throw new SQLException("cursor \"" + name + "\" already exists", "42P03");
    }
    Execution execution = runner.run(query);
    if (execution.rows == null) {
      execution.close();
      throw new SQLException("cursor \"" + name + "\": the statement after FOR must return rows (a SELECT)",
          "42P11");
    }
    open.put(name, new Cursor(name, execution, holdable));
    return Execution.command("DECLARE CURSOR", execution.warnings);
  }

  private Execution fetch(String verb, String direction, String name) throws SQLException {
    Matcher d = DIRECTION.matcher(direction);
    if (!d.matches()) {
      throw new SQLException("cursor \"" + name + "\" can only scan forward: " + verb + " " + direction.strip()
          + " is not supported (use NEXT, FORWARD, a count or ALL)", "55000");
    }
    long count = d.group(2) != null ? Long.MAX_VALUE : d.group(3) != null ? parseCount(d.group(3)) : 1;
    Cursor cursor = cursor(name);
    if (verb.equals("MOVE")) {
      long moved = 0;
      while (moved < count && cursor.window(1).next()) {
        moved++;
      }
      return Execution.command("MOVE " + moved, null);
    }
    return Execution.borrowed(cursor.window(count), "FETCH", cursor.execution.statement());
  }

  private static long parseCount(String digits) throws SQLException {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new SQLException("FETCH count " + digits + " is out of range", "22003");
    }
  }

  private Cursor cursor(String name) throws SQLException {
    Cursor cursor = open.get(name);
    if (cursor == null) {
      throw new SQLException("cursor \"" + name + "\" does not exist", "34000");
    }
    return cursor;
  }

  /** An unquoted name folds to lower case; a quoted one keeps its case. */
  private static String name(String token) {
    if (token.startsWith("\"")) {
      return token.substring(1, token.length() - 1).replace("\"\"", "\"");
    }
    return token.toLowerCase(Locale.ROOT);
  }

  /** Closes every cursor: CLOSE ALL, DISCARD, or the connection ending. */
  @Override
  public void close() throws SQLException {
    List<Cursor> all = new ArrayList<>(open.values());
    open.clear();
    for (Cursor cursor : all) {
      cursor.execution.close();
    }
  }

  /** One declared cursor: its query's open result. */
  private static final class Cursor {
    final String name;
    final Execution execution;
    final boolean holdable;
    /** Set once the result has no more rows: a later FETCH answers none without reading again. */
    boolean exhausted;

    Cursor(String name, Execution execution, boolean holdable) {
      this.name = name;
      this.execution = execution;
      this.holdable = holdable;
    }

    ResultRows window(long count) {
      return new Window(this, count);
    }
  }

  /** At most {@code limit} further rows of a cursor; closing it leaves the cursor open. */
  private static final class Window implements ResultRows {
    private final Cursor cursor;
    private final ResultRows rows;
    private final long limit;
    private long taken;

    Window(Cursor cursor, long limit) {
      this.cursor = cursor;
      this.rows = cursor.execution.rows;
      this.limit = limit;
    }

    @Override
    public int columnCount() {
      return rows.columnCount();
    }

    @Override
    public String name(int column) {
      return rows.name(column);
    }

    @Override
    public PgType type(int column) {
      return rows.type(column);
    }

    @Override
    public int typeModifier(int column) {
      return rows.typeModifier(column);
    }

    @Override
    public boolean next() throws SQLException {
      if (taken >= limit || cursor.exhausted) {
        return false;
      }
      if (!rows.next()) {
        cursor.exhausted = true;
        return false;
      }
      taken++;
      return true;
    }

    @Override
    public byte[] value(int column, boolean binary) throws SQLException {
      return rows.value(column, binary);
    }

    @Override
    public boolean ready() {
      return taken >= limit || cursor.exhausted || rows.ready();
    }

    @Override
    public void close() {
      // the cursor's result stays open until CLOSE
    }
  }
}
