package io.sluice.engine.connector.datagen;

import static io.sluice.engine.connector.datagen.GeneratorTestSupport.column;
import static io.sluice.engine.connector.datagen.GeneratorTestSupport.options;
import static io.sluice.engine.connector.datagen.GeneratorTestSupport.source;

import io.sluice.catalog.TypeKind;
import io.sluice.catalog.connector.ScanRequest;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** Single-thread speed of the datagen source's read() with 'unlimited' (id, v, name(10), ts). */
public final class DatagenThroughput {
  private DatagenThroughput() {}

  public static void main(String[] args) {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 20_000_000L;
    DatagenSource s = new DatagenConnectorFactory().createSource(source("s", options("connector", "datagen",
        "rows-per-second", "unlimited", "number-of-rows", Long.toString(rows), "fields.id.kind", "sequence"),
        column("id", TypeKind.BIGINT), column("v", TypeKind.DOUBLE), column("name", TypeKind.VARCHAR),
        column("ts", TypeKind.TIMESTAMP)));
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int round = 0; round < 4; round++) {
      long[] seen = new long[1];
      long cpu0 = threads.getCurrentThreadCpuTime();
      s.read("0", s.nextEndOffset("0"), ScanRequest.all(4), b -> seen[0] += b.size);
      double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
      System.out.printf("datagen 4 columns round %d: %,d rows, %,.0f rows per CPU-s%n", round, seen[0], seen[0] / cpu);
    }
  }
}
