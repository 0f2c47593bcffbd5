package io.sluice.engine.stream;

import io.sluice.engine.result.BatchProgress;

/**
 * Where one micro-batch's time goes, for its progress record: marks between its steps (planned,
 * ran, sink committed, committed), the time inside the sinks' writes during the run, and the
 * time and bytes its checkpoint took. The clock is read per step and per output chunk, never per
 * row. The read phase comes from the plan's scans; it and the sink writes are carved out of the
 * run, so the five phases never overlap and add up to the batch's duration.
 */
final class BatchClock {
  private long started;
  private long planned;
  private long ran;
  private long sunk;
  private long committed;
  private long sinkWriteNanos;
  private long checkpointNanos;
  private long checkpointBytes;

  /** A new batch starts at {@code nanos} ({@link System#nanoTime}), before its offsets are decided. */
  void start(long nanos) {
    started = nanos;
    sinkWriteNanos = 0;
    checkpointNanos = 0;
    checkpointBytes = 0;
  }

  /** The batch's offsets are decided and recorded: the run starts. */
  void planEnds() {
    planned = System.nanoTime();
  }

  /** A sink's write that started at {@code since} has returned. */
  void sinkWrote(long since) {
    sinkWriteNanos += System.nanoTime() - since;
  }

  /** The plan has run over the batch. */
  void runEnds() {
    ran = System.nanoTime();
  }

  /** The sinks have committed the batch's output. */
  void sinkCommitted() {
    sunk = System.nanoTime();
  }

  /** The batch has committed: the checkpoint holds its state. */
  void commitEnds() {
    committed = System.nanoTime();
  }

  /** A step of the checkpoint, started at {@code since}, has written {@code bytes}. */
  void checkpointed(long since, long bytes) {
    checkpointNanos += System.nanoTime() - since;
    checkpointBytes += bytes;
  }

  /** The batch's phases, given the time its sources' reads took ({@code readNanos}, within the run). */
  BatchProgress.Phases phases(long readNanos) {
    long run = ran - planned;
    long read = Math.min(readNanos, run);
    long sinkWrites = Math.min(sinkWriteNanos, run - read);
    return new BatchProgress.Phases(millis(planned - started), millis(read), millis(run - read - sinkWrites),
        millis(sinkWrites + sunk - ran), millis(committed - sunk));
  }

  /** What the batch's checkpoint wrote and how long it took. */
  BatchProgress.CheckpointWrite checkpoint() {
    return new BatchProgress.CheckpointWrite(checkpointBytes, millis(checkpointNanos));
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }
}
