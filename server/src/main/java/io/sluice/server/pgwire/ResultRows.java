package io.sluice.server.pgwire;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;

/**
 * The rows a statement answers with, as the protocol sends them: columns with their PostgreSQL
 * types, then each row's values in text or binary. Over a JDBC result set, or over rows the
 * server makes itself (settings, catalog queries).
 */
interface ResultRows extends AutoCloseable {
  int columnCount();

  String name(int column);

  PgType type(int column);

  /** {@code atttypmod}, -1 for none. */
  int typeModifier(int column);

  boolean next() throws SQLException;

  /** The value of 1-based {@code column} in the current row, or null for SQL NULL. */
  byte[] value(int column, boolean binary) throws SQLException;

  /** Whether {@link #next()} answers without waiting: false at the end of what a stream has produced so far. */
  boolean ready();

  @Override
  void close() throws SQLException;

  /**
   * A JDBC result set, the server's face onto Sluice's results, of query {@code sql}: its unnamed
   * columns named as PostgreSQL names them ({@link PgColumnNames}).
   */
  static ResultRows of(ResultSet rows, String sql) throws SQLException {
    return new JdbcRows(rows, rows.getMetaData(), sql);
  }

  /** Rows made by the server: every value text (or NULL), each column of the given type. */
  static ResultRows of(List<String> names, List<PgType> types, List<String[]> rows) {
    return new ServerRows(names, types, rows);
  }

  /** Over a JDBC result set. */
  final class JdbcRows implements ResultRows {
    private final ResultSet rows;
    private final io.sluice.jdbc.SluiceResultSet sluice;
    private final PgType[] types;
    private final String[] names;
    private final int[] modifiers;

    /** Columns only, for describing a prepared statement before it runs: {@link #next()} must not be called. */
    static JdbcRows describing(ResultSetMetaData meta, String sql) throws SQLException {
      return new JdbcRows(null, meta, sql);
    }

    private JdbcRows(ResultSet rows, ResultSetMetaData meta, String sql) throws SQLException {
      this.rows = rows;
      this.sluice = rows != null && rows.isWrapperFor(io.sluice.jdbc.SluiceResultSet.class)
          ? rows.unwrap(io.sluice.jdbc.SluiceResultSet.class) : null;
      int n = meta.getColumnCount();
      types = new PgType[n];
      names = new String[n];
      modifiers = new int[n];
      for (int i = 0; i < n; i++) {
        types[i] = PgType.ofJdbc(meta.getColumnType(i + 1));
        names[i] = meta.getColumnLabel(i + 1);
        modifiers[i] = PgType.typeModifier(types[i], meta.getPrecision(i + 1), meta.getScale(i + 1));
      }
      System.arraycopy(PgColumnNames.of(sql, names), 0, names, 0, n);
    }

    @Override
    public int columnCount() {
      return types.length;
    }

    @Override
    public String name(int column) {
      return names[column - 1];
    }

    @Override
    public PgType type(int column) {
      return types[column - 1];
    }

    @Override
    public int typeModifier(int column) {
      return modifiers[column - 1];
    }

    @Override
    public boolean next() throws SQLException {
      return rows.next();
    }

    @Override
    public byte[] value(int column, boolean binary) throws SQLException {
      return binary ? PgValues.binary(rows, column, types[column - 1]) : PgValues.text(rows, column, types[column - 1]);
    }

    @Override
    public boolean ready() {
      return sluice == null || sluice.ready();
    }

    @Override
    public void close() throws SQLException {
      if (rows != null) {
        rows.close();
      }
    }
  }

  /** Over rows of text. */
  final class ServerRows implements ResultRows {
    private final List<String> names;
    private final List<PgType> types;
    private final List<String[]> rows;
    private int current = -1;

    ServerRows(List<String> names, List<PgType> types, List<String[]> rows) {
      this.names = names;
      this.types = types;
      this.rows = rows;
    }

    @Override
    public int columnCount() {
      return names.size();
    }

    @Override
    public String name(int column) {
      return names.get(column - 1);
    }

    @Override
    public PgType type(int column) {
      return types.get(column - 1);
    }

    @Override
    public int typeModifier(int column) {
      return -1;
    }

    @Override
    public boolean next() {
      return ++current < rows.size();
    }

    @Override
    public byte[] value(int column, boolean binary) {
      String v = rows.get(current)[column - 1];
      if (v == null) {
        return null;
      }
      if (binary) {
        switch (types.get(column - 1)) {
          case INT2: return java.nio.ByteBuffer.allocate(2).putShort(Short.parseShort(v)).array();
          case INT4: return java.nio.ByteBuffer.allocate(4).putInt(Integer.parseInt(v)).array();
          case INT8: return java.nio.ByteBuffer.allocate(8).putLong(Long.parseLong(v)).array();
          case BOOL: return new byte[] {(byte) (v.equals("t") ? 1 : 0)};
          case INT2_ARRAY: return int2Array(v);
          default: break;
        }
      }
      return v.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** An int2 array written as {@code {1,2}} in PostgreSQL's binary array format: one dimension, no NULLs. */
    private static byte[] int2Array(String text) {
      String inner = text.substring(1, text.length() - 1);
      String[] items = inner.isEmpty() ? new String[0] : inner.split(",");
      java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(20 + 6 * items.length);
      out.putInt(1).putInt(0).putInt(PgType.INT2.oid).putInt(items.length).putInt(1);
      for (String item : items) {
        out.putInt(2).putShort(Short.parseShort(item.trim()));
      }
      return out.array();
    }

    @Override
    public boolean ready() {
      return true;
    }

    @Override
    public void close() {}
  }
}
