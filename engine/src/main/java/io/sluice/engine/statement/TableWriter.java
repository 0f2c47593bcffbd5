package io.sluice.engine.statement;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.connector.WritableTable;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.engine.exec.ExecutionPlan;
import io.sluice.optimizer.QueryPlanner;
import java.util.List;
import org.apache.calcite.rel.RelNode;

/** Writes the rows of a bounded plan into a table (INSERT, CREATE TABLE AS), refusing NULLs in NOT NULL columns. */
final class TableWriter {
  private final Planning planning;

  TableWriter(Planning planning) {
    this.planning = planning;
  }

  /** Rows an INSERT or CREATE TABLE AS wrote, and the warnings of its scans. */
  record Written(long rows, List<String> warnings) {}

  Written write(String tableName, RelNode plan, WritableTable table) {
    QueryPlanner.Planned planned = planning.optimize(plan);
    ExecutionPlan execution = planning.executor().prepare(planned.physical());
    TableSchema schema = table.schema();
    long[] rows = {0};
    try (WritableTable.Writer writer = table.openWriter()) {
      execution.run(new BatchConsumer() {
        @Override
        public void accept(Batch batch) {
          checkNotNull(tableName, schema, batch);
          rows[0] += batch.rowCount();
          writer.write(batch);
        }
      });
      writer.commit();
    }
    return new Written(rows[0], execution.warnings());
  }

  static void checkNotNull(String tableName, TableSchema schema, Batch batch) {
    for (int c = 0; c < schema.size(); c++) {
      if (schema.column(c).type().nullable()) {
        continue;
      }
      ColumnVector v = batch.columns[c];
      if (!v.mayHaveNulls) {
        continue;
      }
      for (int k = 0; k < batch.rowCount(); k++) {
        if (v.nulls[batch.row(k)]) {
          throw new SluiceException(ErrorCode.NOT_NULL_VIOLATION, "NULL value in column '"
              + schema.column(c).name() + "' of table '" + tableName + "', which is NOT NULL");
        }
      }
    }
  }
}
