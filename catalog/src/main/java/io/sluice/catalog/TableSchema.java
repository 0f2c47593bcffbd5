package io.sluice.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** The ordered columns of a relation. Names are matched without regard to case. */
public final class TableSchema {
  private final List<Column> columns;

  public TableSchema(List<Column> columns) {
    this.columns = List.copyOf(columns);
    for (int i = 0; i < this.columns.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (this.columns.get(i).name().equalsIgnoreCase(this.columns.get(j).name())) {
          throw new SluiceException(ErrorCode.VALIDATION_ERROR,
              "Duplicate column name '" + this.columns.get(i).name() + "'");
        }
      }
    }
  }

  public List<Column> columns() {
    return columns;
  }

  public int size() {
    return columns.size();
  }

  public Column column(int index) {
    return columns.get(index);
  }

  /** Index of the column, or -1. */
  public int indexOf(String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  public List<String> names() {
    List<String> names = new ArrayList<>(columns.size());
    for (Column c : columns) {
      names.add(c.name());
    }
    return Collections.unmodifiableList(names);
  }

  public List<DataType> types() {
    List<DataType> types = new ArrayList<>(columns.size());
    for (Column c : columns) {
      types.add(c.type());
    }
    return Collections.unmodifiableList(types);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < columns.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(columns.get(i));
    }
    return sb.append(')').toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TableSchema && ((TableSchema) o).columns.equals(columns);
  }

  @Override
  public int hashCode() {
    return columns.hashCode();
  }

  static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
