package io.sluice.engine.stream;

import io.sluice.engine.Database;
import io.sluice.engine.Session;
import io.sluice.engine.result.BatchProgress;
import java.util.List;

/**
 * The child JVM of {@link StateBudgetChildJvmTest}: a GROUP BY over a datagen source of ever-new
 * keys, run until it ends or fails, reporting on standard output what became of it, one
 * {@code KEY value} line each: how it started, its status, error, batches and state.
 *
 * <p>Arguments: the number of rows ({@code unbounded} for no end), the budget ({@code default} to
 * leave it unset), the checkpoint folder ({@code none} for none), and optionally the state backend
 * ({@code heap} or {@code disk}; with {@code disk} the state folder goes under the checkpoint
 * folder's parent when there is one). Also reports the CPU time, the peak heap used and the
 * operator's last choice (on disk: groups in memory, write-outs, bytes on disk).
 */
public final class StateBudgetChild {
  private StateBudgetChild() {}

  public static void main(String[] args) throws Exception {
    String rows = args[0].equals("unbounded") ? "" : "'number-of-rows' = '" + args[0] + "', ";
    try (Database database = Database.inMemory(); Session session = database.openSession()) {
      session.executeScript("CREATE SOURCE gen (id BIGINT, v BIGINT) WITH (connector = 'datagen', " + rows
          + "'rows-per-second' = 'unlimited', 'max-rows-per-batch' = '100000', 'fields.id.kind' = 'sequence',"
          + " 'fields.id.start' = '1', 'fields.id.end' = '1000000000000');"
          + " CREATE SINK out WITH (connector = 'blackhole');"
          + " SET 'pipeline.trigger' = 'available-now'; SET 'pipeline.output-mode' = 'update';");
      if (!args[1].equals("default")) {
        session.execute("SET 'pipeline.state.memory' = '" + args[1] + "'");
      }
      if (!args[2].equals("none")) {
        session.execute("SET 'pipeline.checkpoint' = '" + args[2] + "'");
      }
      if (args.length > 3) {
        session.execute("SET 'pipeline.state.backend' = '" + args[3] + "'");
      }
      if (args.length > 4) {
        session.execute("SET 'execution.spill-path' = '" + args[4] + "'");
      }
      System.out.println("STARTED " + session.execute("INSERT INTO out SELECT id, COUNT(*) AS n, SUM(v) AS total"
          + " FROM gen GROUP BY id").message());
      StreamingQuery query = database.queries().list().get(0);
      query.awaitEnd();
      System.out.println("STATUS " + query.status());
      if (query.failure() != null) {
        System.out.println("ERROR " + query.failure().getMessage().replace('\n', ' '));
      }
      List<BatchProgress> progress = query.progress();
      long input = 0;
      for (BatchProgress p : progress) {
        input += p.inputRows();
      }
      System.out.println("INPUT_ROWS " + input);
      System.out.println("BATCHES " + query.batches());
      if (!progress.isEmpty()) {
        System.out.println("STATE_ROWS " + progress.get(progress.size() - 1).operators().get(0).stateRows());
        System.out.println("CHOICE " + progress.get(progress.size() - 1).operators().get(0).choice());
      }
      System.out.println("CPU_SECONDS " + ((com.sun.management.OperatingSystemMXBean)
          java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9);
      long peak = 0;
      for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == java.lang.management.MemoryType.HEAP) {
          peak += pool.getPeakUsage().getUsed();
        }
      }
      System.out.println("PEAK_HEAP_MB " + (peak >> 20));
    }
  }
}
