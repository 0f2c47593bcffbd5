package io.sluice.engine.batch;

import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.TypeKind;
import java.util.List;

/**
 * Where a continuous query puts rows that make an expression fail (a cast of bad text, a division
 * by zero) when the user named a dead-letter sink ({@code pipeline.dead-letter-sink}): the batch
 * goes on without them, and they are committed to that sink with the batch.
 */
public interface DeadLetters {
  /** The columns of a dead-letter sink's rows. */
  TableSchema SCHEMA = new TableSchema(List.of(
      new Column("batch_id", DataType.of(TypeKind.BIGINT)),
      new Column("operator", DataType.of(TypeKind.VARCHAR)),
      new Column("error", DataType.of(TypeKind.VARCHAR)),
      new Column("input_row", DataType.of(TypeKind.VARCHAR))));

  /**
   * Takes one failed row.
   *
   * @param operator the plan node whose expression failed
   * @param row the row as text, {@code (name = value, ...)}
   * @param error what failed
   */
  void accept(String operator, String row, String error);
}
