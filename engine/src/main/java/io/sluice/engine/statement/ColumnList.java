package io.sluice.engine.statement;

import io.sluice.catalog.Column;
import io.sluice.catalog.TableSchema;
import io.sluice.sqlparser.CreateTable;
import io.sluice.sqlparser.Statement;
import io.sluice.sqlparser.StatementParser;
import java.util.List;

/**
 * A schema written as the column list of a {@code CREATE TABLE} ({@code "id" BIGINT NOT NULL,
 * "name" VARCHAR}) and read back by the statement parser, so what a database folder saves of a
 * schema is DDL a user can read.
 */
public final class ColumnList {
  private ColumnList() {}

  /** The columns of {@code schema}, quoted, with their types and NOT NULL. */
  public static String of(TableSchema schema) {
    StringBuilder sb = new StringBuilder();
    List<Column> columns = schema.columns();
    for (int i = 0; i < columns.size(); i++) {
      Column c = columns.get(i);
      sb.append(i == 0 ? "" : ", ").append('"').append(c.name().replace("\"", "\"\"")).append("\" ")
          .append(c.type().sql()).append(c.type().nullable() ? "" : " NOT NULL");
    }
    return sb.toString();
  }

  /** The schema {@link #of} wrote. */
  public static TableSchema parse(String columns) {
    Statement statement = StatementParser.parse("CREATE TABLE t (" + columns + ")");
    return Types.schema(((CreateTable) statement).columns());
  }
}
