package io.sluice.engine.connector.nexmark;

import static io.sluice.engine.connector.datagen.GeneratorTestSupport.options;

import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.TableKind;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.connector.ScanRequest;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.LongVector;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * Single-thread speed of the nexmark source's read() with 'unlimited': events of the whole
 * stream per second (a bid read walks all events and generates the 92% that are bids), with
 * all columns and with the columns of Nexmark q1. Run:
 *
 * <pre>
 * java -cp engine/target/test-classes:engine/target/classes:... io.sluice.engine.connector.nexmark.NexmarkThroughput [events]
 * </pre>
 */
public final class NexmarkThroughput {
  private NexmarkThroughput() {}

  public static void main(String[] args) {
    long events = args.length > 0 ? Long.parseLong(args[0]) : 50_000_000L;
    run("bid, all 7 columns", "bid", events, null);
    run("bid, q1 columns (auction, bidder, price, date_time)", "bid", events, new int[] {0, 1, 2, 5});
    run("bid, price only", "bid", events, new int[] {2});
    run("auction, all columns", "auction", events, null);
    run("person, all columns", "person", events, null);
  }

  private static void run(String label, String table, long events, int[] columns) {
    NexmarkSource source = new NexmarkConnectorFactory().createSource(new TableDefinition(table, TableKind.SOURCE,
        new TableSchema(List.of()), options("connector", "nexmark", "table", table, "events-per-second", "unlimited",
            "max-events", Long.toString(events)), null));
    ScanRequest request = columns == null ? ScanRequest.all(source.schema().size()) : new ScanRequest(columns, List.of());
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int round = 0; round < 4; round++) {
      long[] rows = new long[2];
      long cpu0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      source.read("0", source.nextEndOffset("0"), request, batch -> {
        rows[0] += batch.size;
        // touch the data so nothing is optimized away
        if (batch.columns.length > 0) {
          rows[1] += batch.columns[0] instanceof LongVector ? ((LongVector) batch.columns[0]).values[batch.size - 1]
              : ((BytesVector) batch.columns[0]).length(batch.size - 1);
        }
      });
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
      System.out.printf("%-52s round %d: %,d rows in %.2f s: %,.0f events/s, %,.0f rows/s, %,.0f events per CPU-s (chk %d)%n",
          label, round, rows[0], seconds, events / seconds, rows[0] / seconds, events / cpuSeconds, rows[1]);
    }
  }
}
