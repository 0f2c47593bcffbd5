package io.sluice.engine.exec;

/**
 * The time a push-based read spends inside its source, leaving out the time its consumer takes
 * with each chunk the source hands over: a source decodes a chunk, pushes it through the plan
 * and only then decodes the next, so the read's wall time interleaves with the plan's.
 *
 * <p>The clock is read twice per chunk (when it arrives, when the consumer returns) and twice per
 * read, never per row. One instance serves one read at a time on one thread; reads nested in a
 * consumer keep their own instance, so the intervals counted never overlap.
 */
final class ReadTime {
  private long nanos;
  /** When the source last had control: the read's start, or the end of the consumer's last chunk. */
  private long resumedAt;

  /** The source starts reading. */
  void readStarts() {
    resumedAt = System.nanoTime();
  }

  /** The source hands over a chunk: the time since it got control back was its own. */
  void chunkArrives() {
    nanos += System.nanoTime() - resumedAt;
  }

  /** The consumer is done with the chunk: the source has control again. */
  void chunkPassedOn() {
    resumedAt = System.nanoTime();
  }

  /** The source has returned: the time since the last chunk was its own. */
  void readEnds() {
    nanos += System.nanoTime() - resumedAt;
  }

  /** Adds time measured elsewhere (a read on workers, seen from the query's thread). */
  void add(long more) {
    nanos += more;
  }

  /** The time counted since the last call, in nanoseconds. */
  long take() {
    long taken = nanos;
    nanos = 0;
    return taken;
  }
}
