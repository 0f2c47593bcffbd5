package io.sluice.engine.connector.kafka;

/** Splits a batch's record limit ({@code max-records-per-trigger}) over partitions. */
final class RecordBudget {
  private RecordBudget() {}

  /**
   * How many of the {@code available} records of each partition a batch takes: all of them
   * without a limit or under it; else shares in proportion to what each partition has, the
   * rounding remainder going to the partitions in order, so the batch takes exactly
   * {@code limit} records and every partition with records moves on over time.
   *
   * @param limit the most records in all, 0 for no limit
   */
  static long[] split(long[] available, long total, long limit) {
    long[] take = available.clone();
    if (limit == 0 || total <= limit) {
      return take;
    }
    long given = 0;
    for (int p = 0; p < take.length; p++) {
      take[p] = (long) ((double) available[p] * limit / total);
      given += take[p];
    }
    for (int p = 0; p < take.length && given < limit; p++) {
      if (take[p] < available[p]) {
        take[p]++;
        given++;
      }
    }
    return take;
  }
}
