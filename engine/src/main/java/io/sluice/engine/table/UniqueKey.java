package io.sluice.engine.table;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.ColumnVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A primary key or unique index that an in-memory table enforces: no two rows share a key, and
 * (for a primary key) no key column holds NULL. A unique index, as in the SQL standard and
 * PostgreSQL, lets rows whose key has a NULL repeat. {@link #check} reads a table's whole new
 * content, so INSERT, UPDATE and CREATE INDEX are checked alike before anything is replaced.
 */
public record UniqueKey(String table, String name, List<String> columnNames, int[] columns, boolean primaryKey) {
  public UniqueKey {
    columnNames = List.copyOf(columnNames);
    columns = columns.clone();
  }

  /** Throws SQLSTATE 23505 (or 23502 for a NULL in a primary key) naming the table, key and value. */
  public void check(List<Batch> content) {
    Set<List<Object>> seen = new HashSet<>();
    for (Batch batch : content) {
      for (int row = 0; row < batch.size; row++) {
        List<Object> key = new ArrayList<>(columns.length);
        boolean hasNull = false;
        for (int i = 0; i < columns.length; i++) {
          if (batch.columns[columns[i]].isNull(row)) {
            hasNull = true;
            if (primaryKey) {
              throw new SluiceException(ErrorCode.NOT_NULL_VIOLATION, "NULL value in column '" + columnNames.get(i)
                  + "' of table '" + table + "', which is part of its primary key " + describe());
            }
            key.add(null);
          } else {
            key.add(value(batch.columns[columns[i]], row));
          }
        }
        if (!hasNull && !seen.add(key)) {
          throw new SluiceException(ErrorCode.UNIQUE_VIOLATION, "Duplicate key in table '" + table + "': "
              + (primaryKey ? "primary key " : "unique index '" + name + "' ") + describe() + " = " + values(key)
              + " already exists; nothing of the statement was written");
        }
      }
    }
  }

  /** Whether an UPDATE assigning {@code assigned} (column positions) may change this key. */
  public boolean assignsAny(Set<Integer> assigned) {
    for (int column : columns) {
      if (assigned.contains(column)) {
        return true;
      }
    }
    return false;
  }

  /** A value that compares by content: text and binary values as strings, others boxed. */
  private static Object value(ColumnVector vector, int row) {
    return vector instanceof BytesVector bytes ? bytes.getString(row) : vector.getBoxed(row);
  }

  private String describe() {
    return "(" + String.join(", ", columnNames) + ")";
  }

  private static String values(List<Object> key) {
    StringBuilder text = new StringBuilder("(");
    for (int i = 0; i < key.size(); i++) {
      text.append(i == 0 ? "" : ", ");
      Object value = key.get(i);
      text.append(value instanceof String ? "'" + value + "'" : String.valueOf(value));
    }
    return text.append(')').toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UniqueKey other && table.equals(other.table) && name.equals(other.name)
        && Arrays.equals(columns, other.columns) && primaryKey == other.primaryKey;
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(columns);
  }
}
