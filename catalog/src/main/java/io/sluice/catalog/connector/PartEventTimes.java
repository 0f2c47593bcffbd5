package io.sluice.catalog.connector;

/**
 * Where a scan of a stream source made of parts that advance in event time independently (the
 * partitions of a Kafka topic) reports, per batch, the largest event time each part showed. The
 * engine keeps them per query and builds the source's watermark on the smallest over parts that
 * are not idle (see {@link io.sluice.catalog.connector.StreamSource#partIdleTimeoutMillis}), so
 * that a part that lags behind another does not see its rows dropped as late.
 */
public interface PartEventTimes {
  /** Ignores every report (a scan that is not part of a continuous query). */
  PartEventTimes NONE = (part, maxEventTime) -> { };

  /** Part {@code part} held rows up to event time {@code maxEventTime} in this batch. */
  void observe(int part, long maxEventTime);
}
