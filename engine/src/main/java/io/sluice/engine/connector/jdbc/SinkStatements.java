package io.sluice.engine.connector.jdbc;

import java.util.ArrayList;
import java.util.List;

/**
 * The text of every statement a {@code jdbc} sink sends, with {@code ?} for each value. Names
 * come from checked options (plain identifiers) and from the database's own description of the
 * table (quoted), never from row data.
 */
final class SinkStatements {
  private final String table;
  private final List<String> columns;
  private final int[] keyIndexes;
  private final String quote;

  /**
   * @param columns the target table's names of the columns written, in the rows' order
   * @param keyIndexes positions of the key columns among {@code columns}
   * @param quote the database's identifier quote ({@code "} in standard SQL), or empty for none
   */
  SinkStatements(String table, List<String> columns, int[] keyIndexes, String quote) {
    this.table = table;
    this.columns = columns;
    this.keyIndexes = keyIndexes;
    this.quote = quote;
  }

  /** {@code INSERT INTO t (a, b) VALUES (?, ?)}: parameters are the row's columns in order. */
  String insert() {
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (");
    StringBuilder values = new StringBuilder();
    for (int c = 0; c < columns.size(); c++) {
      sql.append(c == 0 ? "" : ", ").append(quoted(c));
      values.append(c == 0 ? "?" : ", ?");
    }
    return sql.append(") VALUES (").append(values).append(')').toString();
  }

  /**
   * PostgreSQL's upsert, {@code INSERT ... ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v}
   * ({@code DO NOTHING} when every column is a key): parameters as {@link #insert}.
   */
  String insertOnConflict() {
    StringBuilder sql = new StringBuilder(insert()).append(" ON CONFLICT (");
    for (int k = 0; k < keyIndexes.length; k++) {
      sql.append(k == 0 ? "" : ", ").append(quoted(keyIndexes[k]));
    }
    sql.append(')');
    List<Integer> values = valueColumns();
    if (values.isEmpty()) {
      return sql.append(" DO NOTHING").toString();
    }
    sql.append(" DO UPDATE SET ");
    for (int i = 0; i < values.size(); i++) {
      String name = quoted(values.get(i));
      sql.append(i == 0 ? "" : ", ").append(name).append(" = EXCLUDED.").append(name);
    }
    return sql.toString();
  }

  /**
   * {@code UPDATE t SET v = ? WHERE k = ?}: parameters are {@link #updateOrder()}'s columns (the
   * first key column sets itself when every column is a key, so that the count still says whether
   * the row exists).
   */
  String update() {
    StringBuilder sql = new StringBuilder("UPDATE ").append(table).append(" SET ");
    List<Integer> set = setColumns();
    for (int i = 0; i < set.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(quoted(set.get(i))).append(" = ?");
    }
    return sql.append(whereKey()).toString();
  }

  /** The row's columns in the order of {@link #update()}'s parameters. */
  int[] updateOrder() {
    List<Integer> set = setColumns();
    int[] order = new int[set.size() + keyIndexes.length];
    for (int i = 0; i < set.size(); i++) {
      order[i] = set.get(i);
    }
    System.arraycopy(keyIndexes, 0, order, set.size(), keyIndexes.length);
    return order;
  }

  /**
   * SQL:2003's upsert, for databases without {@code ON CONFLICT}: {@code MERGE INTO t AS
   * sluice_target USING (VALUES (1)) AS sluice_source (one) ON sluice_target.k = ? WHEN MATCHED
   * THEN UPDATE SET v = ? WHEN NOT MATCHED THEN INSERT (k, v) VALUES (?, ?)} (no {@code WHEN
   * MATCHED} when every column is a key). The values are parameters where their column gives
   * them a type (a comparison, a SET, an INSERT), not columns of a {@code VALUES} source, whose
   * parameters a database may type as text. Parameters are {@link #mergeOrder()}'s columns.
   */
  String merge() {
    StringBuilder sql = new StringBuilder("MERGE INTO ").append(table)
        .append(" AS sluice_target USING (VALUES (1)) AS sluice_source (one) ON ");
    for (int k = 0; k < keyIndexes.length; k++) {
      sql.append(k == 0 ? "" : " AND ").append("sluice_target.").append(quoted(keyIndexes[k])).append(" = ?");
    }
    List<Integer> values = valueColumns();
    if (!values.isEmpty()) {
      sql.append(" WHEN MATCHED THEN UPDATE SET ");
      for (int i = 0; i < values.size(); i++) {
        sql.append(i == 0 ? "" : ", ").append(quoted(values.get(i))).append(" = ?");
      }
    }
    String insert = insert();
    return sql.append(" WHEN NOT MATCHED THEN INSERT").append(insert.substring(insert.indexOf(" ("))).toString();
  }

  /** The row's columns in the order of {@link #merge()}'s parameters: the key, the other columns, then every column. */
  int[] mergeOrder() {
    List<Integer> values = valueColumns();
    int[] order = new int[keyIndexes.length + values.size() + columns.size()];
    System.arraycopy(keyIndexes, 0, order, 0, keyIndexes.length);
    for (int i = 0; i < values.size(); i++) {
      order[keyIndexes.length + i] = values.get(i);
    }
    for (int c = 0; c < columns.size(); c++) {
      order[keyIndexes.length + values.size() + c] = c;
    }
    return order;
  }

  /** {@code DELETE FROM t WHERE k = ?}: parameters are the key columns. */
  String deleteByKey() {
    return "DELETE FROM " + table + whereKey();
  }

  /** {@code DELETE FROM t}: complete output replaces the table's rows every batch. */
  String deleteAll() {
    return "DELETE FROM " + table;
  }

  static String createCommitTable(String commitTable) {
    return "CREATE TABLE " + commitTable + " (sink_id VARCHAR(200) NOT NULL PRIMARY KEY, batch_id BIGINT NOT NULL)";
  }

  static String selectCommitted(String commitTable) {
    return "SELECT batch_id FROM " + commitTable + " WHERE sink_id = ?";
  }

  /** Moves the sink's committed batch forward: parameters batch id, sink id, batch id; 0 rows when it is not behind. */
  static String advanceCommitted(String commitTable) {
    return "UPDATE " + commitTable + " SET batch_id = ? WHERE sink_id = ? AND batch_id < ?";
  }

  static String insertCommitted(String commitTable) {
    return "INSERT INTO " + commitTable + " (sink_id, batch_id) VALUES (?, ?)";
  }

  private String whereKey() {
    StringBuilder sql = new StringBuilder(" WHERE ");
    for (int k = 0; k < keyIndexes.length; k++) {
      sql.append(k == 0 ? "" : " AND ").append(quoted(keyIndexes[k])).append(" = ?");
    }
    return sql.toString();
  }

  private List<Integer> setColumns() {
    List<Integer> values = valueColumns();
    return values.isEmpty() ? List.of(keyIndexes[0]) : values;
  }

  private List<Integer> valueColumns() {
    List<Integer> values = new ArrayList<>();
    for (int c = 0; c < columns.size(); c++) {
      if (!isKey(c)) {
        values.add(c);
      }
    }
    return values;
  }

  private boolean isKey(int column) {
    for (int k : keyIndexes) {
      if (k == column) {
        return true;
      }
    }
    return false;
  }

  private String quoted(int column) {
    String name = columns.get(column);
    return quote.isEmpty() ? name : quote + name.replace(quote, quote + quote) + quote;
  }
}
