package io.sluice.runtime.generated;

import io.sluice.runtime.function.DateTimes;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Values fixed for one run of a query: the statement's start time and the session time zone.
 * CURRENT_TIMESTAMP and friends read these, never the wall clock per row.
 *
 * @param startMillis the statement's start, milliseconds since the epoch (UTC)
 * @param zone the session time zone, used by LOCALTIMESTAMP, CURRENT_DATE and CURRENT_TIME
 */
public record QueryContext(long startMillis, ZoneId zone) {
  public static QueryContext now() {
    return new QueryContext(System.currentTimeMillis(), ZoneOffset.UTC);
  }

  /** CURRENT_TIMESTAMP: the start instant as a UTC timestamp, at second precision (its type is TIMESTAMP(0)). */
  public long currentTimestamp() {
    return Math.floorDiv(startMillis, 1000L) * 1000L;
  }

  /** LOCALTIMESTAMP: the start instant in the session zone, at second precision. */
  public long localTimestamp() {
    int offsetSeconds = zone.getRules().getOffset(java.time.Instant.ofEpochMilli(startMillis)).getTotalSeconds();
    return Math.floorDiv(startMillis + offsetSeconds * 1000L, 1000L) * 1000L;
  }

  /** CURRENT_DATE: days since the epoch of the local start date. */
  public long currentDate() {
    return Math.floorDiv(localTimestamp(), DateTimes.MILLIS_PER_DAY);
  }

  /** CURRENT_TIME / LOCALTIME: milliseconds of the local start time of day. */
  public long currentTime() {
    return Math.floorMod(localTimestamp(), DateTimes.MILLIS_PER_DAY);
  }
}
