package io.sluice.engine.exec;

import io.sluice.catalog.DataType;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.Values;
import io.sluice.runtime.generated.FilterProject;
import io.sluice.engine.batch.DeadLetters;
import java.util.List;

/**
 * Finds the rows that make a compiled filter/projection fail. Generated code runs column at a
 * time and does not track rows, so on a data error (a bad cast, a division by zero, an overflow)
 * the batch is run again one row at a time to find the failing ones: free while nothing fails.
 * Without a dead-letter sink the first failing row fails the query, named with its values;
 * with one, failing rows go there and the batch goes on without them.
 */
final class RowFailures {
  private RowFailures() {}

  /**
   * The columns of an operator's input, to name a row's values, and which of them its expressions
   * read: only those are shown (the others may be columns a scan left out, NULL in every row).
   */
  record Shape(String operator, List<String> names, List<DataType> types, int[] read) {}

  static boolean isDataError(SluiceException e) {
    switch (e.code()) {
      case INVALID_CAST:
      case DIVISION_BY_ZERO:
      case NUMERIC_OVERFLOW:
      case INVALID_ARGUMENT:
      case MALFORMED_INPUT:
        return true;
      default:
        return false;
    }
  }

  /**
   * Runs {@code program} over {@code batch}; on a data error, fails with the row at fault or, given
   * {@code deadLetters}, sends the failing rows there and runs the others. The result is valid
   * until the next call, as the program's own.
   */
  static Batch process(FilterProject program, Batch batch, Shape shape, DeadLetters deadLetters,
      io.sluice.engine.batch.BatchRanges ranges) {
    try {
      return program.process(batch);
    } catch (SluiceException e) {
      if (!isDataError(e)) {
        throw e;
      }
      return processAroundFailures(program, batch, shape, deadLetters, ranges, e);
    }
  }

  private static Batch processAroundFailures(FilterProject program, Batch batch, Shape shape,
      DeadLetters deadLetters, io.sluice.engine.batch.BatchRanges ranges, SluiceException first) {
    int[] selection = batch.selection;
    int count = selection == null ? batch.size : batch.selectedCount;
    int[] good = new int[count];
    int kept = 0;
    int[] one = new int[1];
    try {
      for (int i = 0; i < count; i++) {
        int row = selection == null ? i : selection[i];
        one[0] = row;
        batch.selection = one;
        batch.selectedCount = 1;
        try {
          program.process(batch);
          good[kept++] = row;
        } catch (SluiceException e) {
          if (!isDataError(e)) {
            throw e;
          }
          String text = describe(batch, row, shape);
          String position = ranges == null ? null : ranges.sourcePosition(batch, row);
          if (position != null) {
            text += " (" + position + ")";
          }
          if (deadLetters == null) {
            // A dead-letter sink serves only queries over streams: a batch query is not told of one.
            String advice = ranges == null ? "" : ". To set such rows aside and go on, name a sink for them: SET"
                + " 'pipeline.dead-letter-sink' = 'sink_name'.";
            throw new SluiceException(e.code(), e.getMessage() + ", in row " + text + " of the input of "
                + shape.operator() + advice, e);
          }
          deadLetters.accept(shape.operator(), text, e.getMessage());
        }
      }
    } finally {
      batch.selection = selection;
      batch.selectedCount = selection == null ? 0 : count;
    }
    if (kept == count) {
      throw first; // the batch fails as a whole, but no single row does: nothing to set aside
    }
    batch.selection = good;
    batch.selectedCount = kept;
    try {
      return program.process(batch);
    } finally {
      batch.selection = selection;
      batch.selectedCount = selection == null ? 0 : count;
    }
  }

  /** {@code (name = value, ...)} for one row, the columns read: values as the shell shows them, text quoted. */
  static String describe(Batch batch, int row, Shape shape) {
    StringBuilder sb = new StringBuilder("(");
    for (int c : shape.read()) {
      if (c >= batch.columns.length) {
        continue;
      }
      DataType type = shape.types().get(c);
      String value = Values.format(type, batch.columns[c], row);
      boolean text = type.kind() == io.sluice.catalog.TypeKind.VARCHAR || type.kind() == io.sluice.catalog.TypeKind.CHAR;
      sb.append(sb.length() == 1 ? "" : ", ").append(shape.names().get(c)).append(" = ")
          .append(value == null ? "NULL" : text ? "'" + value.replace("'", "''") + "'" : value);
    }
    return sb.append(')').toString();
  }
}
