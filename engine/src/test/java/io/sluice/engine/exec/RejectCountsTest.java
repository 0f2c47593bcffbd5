package io.sluice.engine.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.catalog.connector.ScanRequest;
import io.sluice.catalog.data.Values;
import io.sluice.engine.table.MemoryTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rows a micro-batch rejected reach its rejects table when the batch commits, and a batch run
 * again after a crash (whose first run may have saved them before the crash) writes only those the
 * table does not hold: none lost, none twice.
 */
class RejectCountsTest {

  private static void reject(RejectCounts counts, long line) {
    byte[] raw = ("bad " + line).getBytes(StandardCharsets.UTF_8);
    counts.rejected("in/a.csv", line, 2, "'x' is not a valid BIGINT", raw, 0, raw.length, false, 0);
  }

  private static List<String> lines(MemoryTable table) {
    List<String> lines = new ArrayList<>();
    table.scan(ScanRequest.all(RejectCounts.SCHEMA.size()), batch -> {
      for (int row = 0; row < batch.size; row++) {
        lines.add(Values.format(RejectCounts.SCHEMA.column(2).type(), batch.columns[2], row));
      }
    });
    return lines;
  }

  @Test
  void aBatchRunAgainWritesOnlyTheRejectsItsFirstRunDidNot() {
    MemoryTable table = new MemoryTable(RejectCounts.SCHEMA);
    RejectCounts counts = new RejectCounts("events", table, "event_rejects");
    reject(counts, 2);
    reject(counts, 5);
    assertEquals(List.of(), lines(table), "nothing before the batch commits");
    counts.flush(false);
    assertEquals(List.of("2", "5"), lines(table));
    // the same batch again (its commit record was not written), having read one more bad line
    reject(counts, 2);
    reject(counts, 5);
    reject(counts, 9);
    counts.flush(true);
    assertEquals(List.of("2", "5", "9"), lines(table));
    // a batch that did not commit leaves nothing
    reject(counts, 12);
    counts.discard();
    counts.flush(false);
    assertEquals(List.of("2", "5", "9"), lines(table));
  }

  @Test
  void moreRejectsThanABatchHoldsWaitForTheCommitToo() {
    MemoryTable table = new MemoryTable(RejectCounts.SCHEMA);
    RejectCounts counts = new RejectCounts("events", table, "event_rejects");
    int many = io.sluice.catalog.data.Batch.DEFAULT_CAPACITY * 2 + 3;
    for (int line = 1; line <= many; line++) {
      reject(counts, line);
    }
    assertEquals(0, lines(table).size(), "none written before the commit");
    counts.flush(false);
    assertEquals(many, lines(table).size());
  }
}
