package io.sluice.engine.statement;

import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.stream.RowKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A changelog shown as rows: a result whose rows change later (a streaming SELECT in update mode,
 * a replayed batch of such a query) has an {@code op} column first with each row's kind (+I, -U,
 * +U, -D).
 */
final class ChangelogRows {
  private ChangelogRows() {}

  /** {@code schema} with the {@code op} column first. */
  static TableSchema withOpColumn(TableSchema schema) {
    List<Column> columns = new ArrayList<>();
    columns.add(new Column("op", DataType.of(TypeKind.VARCHAR)));
    columns.addAll(schema.columns());
    return new TableSchema(columns);
  }

  /** Prepends each row's changelog kind (+I, -U, +U, -D) as a text column. */
  static BatchConsumer withOpColumn(BatchConsumer consumer) {
    BytesVector op = new BytesVector(Batch.DEFAULT_CAPACITY);
    byte[][] symbols = new byte[4][];
    for (byte kind = 0; kind < symbols.length; kind++) {
      symbols[kind] = RowKind.symbol(kind).getBytes(StandardCharsets.UTF_8);
    }
    return batch -> {
      op.reset();
      op.ensureCapacity(batch.size, 0);
      for (int row = 0; row < batch.size; row++) {
        byte[] symbol = symbols[batch.kinds == null ? RowKind.INSERT : batch.kinds[row]];
        op.set(row, symbol, 0, symbol.length);
      }
      ColumnVector[] columns = new ColumnVector[batch.columns.length + 1];
      columns[0] = op;
      System.arraycopy(batch.columns, 0, columns, 1, batch.columns.length);
      Batch shown = new Batch(columns, batch.size);
      shown.selection = batch.selection;
      shown.selectedCount = batch.selectedCount;
      consumer.accept(shown);
    };
  }
}
