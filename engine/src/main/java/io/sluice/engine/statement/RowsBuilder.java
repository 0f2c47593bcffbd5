package io.sluice.engine.statement;

import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.Values;
import io.sluice.engine.result.BufferedRowCursor;
import io.sluice.engine.result.StatementResult;
import java.util.ArrayList;
import java.util.List;

/** Small results made by the engine itself (SHOW, DESCRIBE, EXPLAIN): VARCHAR columns, BIGINT for counts. */
final class RowsBuilder {
  private RowsBuilder() {}

  static StatementResult of(List<String> names, List<Object[]> rows) {
    return of(names, java.util.Set.of(), rows);
  }

  /**
   * As {@link #of(List, List)}, with the columns named in {@code counts} typed BIGINT (their
   * values are whole numbers or null), so that tools align them as numbers.
   */
  static StatementResult of(List<String> names, java.util.Set<String> counts, List<Object[]> rows) {
    List<Column> columns = new ArrayList<>();
    for (String n : names) {
      columns.add(new Column(n, DataType.of(counts.contains(n) ? TypeKind.BIGINT : TypeKind.VARCHAR)));
    }
    TableSchema schema = new TableSchema(columns);
    Batch batch = Batch.allocate(schema.types(), Math.max(1, rows.size()));
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < columns.size(); c++) {
        Object v = rows.get(r)[c];
        DataType type = columns.get(c).type();
        Values.write(type, batch.columns[c], r,
            v == null ? null : type.kind() == TypeKind.BIGINT ? (Object) ((Number) v).longValue() : v.toString());
      }
    }
    batch.size = rows.size();
    return StatementResult.rows(new BufferedRowCursor(schema, List.of(batch)));
  }

  /** One VARCHAR column named {@code column}, a row per line of {@code text} (EXPLAIN, SHOW CHECKPOINT). */
  static StatementResult lines(String column, String text) {
    List<Object[]> rows = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      rows.add(new Object[] {line});
    }
    if (!rows.isEmpty() && ((String) rows.get(rows.size() - 1)[0]).isEmpty()) {
      rows.remove(rows.size() - 1);
    }
    return RowsBuilder.of(List.of(column), rows);
  }
}
