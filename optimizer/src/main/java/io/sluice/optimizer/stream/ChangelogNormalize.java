package io.sluice.optimizer.stream;

import io.sluice.catalog.connector.StreamTable;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.optimizer.physical.PhysicalScan;
import java.util.List;

/**
 * The scan of a source whose changes may lack what an update or delete takes back (Debezium events
 * without a whole {@code before}, an upsert topic; {@link StreamTable#changelogNeedsNormalize}):
 * it keeps the current row of every key of the declared primary key, so that an update without
 * its old row retracts the kept one, a delete of a key alone retracts the whole row, and a change
 * to the same row emits nothing. As Flink's ChangelogNormalize, the state is every key's row, kept
 * for the whole query (a deleted key's row is dropped).
 */
public record ChangelogNormalize(PhysicalScan scan, StreamTable table) implements StreamOperator {
  /** Whether the scan of {@code table} runs as this operator. */
  public static boolean applies(Object table) {
    return table instanceof StreamTable && ((StreamTable) table).changelogNeedsNormalize();
  }

  /** The primary key columns, by name, as the source declares them. */
  public List<String> key() {
    return table.primaryKey();
  }

  @Override
  public String name() {
    return "ChangelogNormalize";
  }

  @Override
  public String operatorName(OutputMode mode) {
    return "ChangelogNormalize(" + table.name() + " by " + String.join(", ", key()) + ")";
  }

  @Override
  public StateNeed state() {
    return new StateNeed(StateNeed.Kind.TABLE_ROWS, false, "kept for the whole query (a deleted key's row is dropped)");
  }

  @Override
  public String explainState(OutputMode mode) {
    return operatorName(mode) + " - the current row of every key, " + state().releasedBy() + ": an update"
        + " without its old row retracts the kept one (-U), a delete of the key alone retracts the whole row (-D),"
        + " and a change to the same row emits nothing";
  }

  @Override
  public boolean waitsOnWatermark(OutputMode mode) {
    return false;
  }
}
