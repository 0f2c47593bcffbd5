package io.sluice.jdbc;

import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.TypeKind;
import io.sluice.engine.result.RowCursor;
import java.util.ArrayList;
import java.util.List;

/** Rows held in memory, for the result sets DatabaseMetaData builds itself. */
final class ListCursor implements RowCursor {
  private final TableSchema schema;
  private final List<Object[]> rows;
  private int index = -1;

  ListCursor(TableSchema schema, List<Object[]> rows) {
    this.schema = schema;
    this.rows = rows;
  }

  @Override
  public TableSchema schema() {
    return schema;
  }

  @Override
  public boolean next() {
    if (index < rows.size()) {
      index++;
    }
    return index < rows.size();
  }

  @Override
  public boolean isNull(int column) {
    return getObject(column) == null;
  }

  @Override
  public Object getObject(int column) {
    if (index < 0 || index >= rows.size()) {
      throw new IllegalStateException("no current row");
    }
    return rows.get(index)[column];
  }

  @Override
  public String getString(int column) {
    Object value = getObject(column);
    return value == null ? null : value.toString();
  }

  @Override
  public long position() {
    return Math.min(index + 1, rows.size());
  }

  @Override
  public void close() {
    index = rows.size();
  }

  /** Builds the column list of a metadata result: names with their types. */
  static final class SchemaBuilder {
    private final List<Column> columns = new ArrayList<>();

    SchemaBuilder text(String... names) {
      for (String name : names) {
        columns.add(new Column(name, DataType.of(TypeKind.VARCHAR)));
      }
      return this;
    }

    SchemaBuilder integer(String... names) {
      for (String name : names) {
        columns.add(new Column(name, DataType.of(TypeKind.INTEGER)));
      }
      return this;
    }

    SchemaBuilder smallint(String... names) {
      for (String name : names) {
        columns.add(new Column(name, DataType.of(TypeKind.SMALLINT)));
      }
      return this;
    }

    SchemaBuilder bigint(String... names) {
      for (String name : names) {
        columns.add(new Column(name, DataType.of(TypeKind.BIGINT)));
      }
      return this;
    }

    SchemaBuilder bool(String... names) {
      for (String name : names) {
        columns.add(new Column(name, DataType.of(TypeKind.BOOLEAN)));
      }
      return this;
    }

    TableSchema build() {
      return new TableSchema(columns);
    }
  }
}
