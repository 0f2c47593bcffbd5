package io.sluice.engine.exec;

import java.util.Arrays;

/**
 * What a worker saw of one split on the way (rows read, late rows, event times, rejected rows),
 * which the query's thread applies in split order, after the split's output batches, so that
 * counts, progress and the watermark come out as on one thread.
 */
final class SplitResult {
  final BufferedRejects rejects = new BufferedRejects();
  /** Rows the source gave, late ones included. */
  long sourceRows;
  /** Rows passed on from the scan (late ones left out). */
  long keptRows;
  long lateRows;
  /** A row failed an expression: the query's thread reads the split again, to fail or set rows aside as it would. */
  boolean readAgain;
  /** Per source batch with event times: its lowest, highest and first event time and its count. */
  private long[] times = new long[0];
  /** Per source batch with event times: the sum of its event times minus the first. */
  private double[] offsets = new double[0];
  private int timedBatches;

  void eventTimes(long min, long max, long base, double offsetSum, long count) {
    if (timedBatches == offsets.length) {
      int n = Math.max(8, offsets.length * 2);
      times = Arrays.copyOf(times, 4 * n);
      offsets = Arrays.copyOf(offsets, n);
    }
    int t = 4 * timedBatches;
    times[t] = min;
    times[t + 1] = max;
    times[t + 2] = base;
    times[t + 3] = count;
    offsets[timedBatches++] = offsetSum;
  }

  /** Forgets the event times noted so far. */
  void clearEventTimes() {
    timedBatches = 0;
  }

  int timedBatches() {
    return timedBatches;
  }

  long min(int i) {
    return times[4 * i];
  }

  long max(int i) {
    return times[4 * i + 1];
  }

  long base(int i) {
    return times[4 * i + 2];
  }

  long count(int i) {
    return times[4 * i + 3];
  }

  double offsetSum(int i) {
    return offsets[i];
  }
}
