package io.sluice.catalog.stream;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.util.Locale;

/**
 * How long a first-arrival deduplication ({@code ROW_NUMBER() OVER (PARTITION BY k)} with no ORDER
 * BY, filtered to its first rows) remembers a key: by default for the whole query (or until
 * {@code pipeline.state-ttl}); with the session option {@value #OPTION} set to {@code 'on'}, until
 * the watermark reaches the event time of the key's first row plus its source's watermark delay,
 * as Spark's {@code dropDuplicatesWithinWatermark} does.
 *
 * <p>That bound is sound when duplicates of a row come within the watermark delay of it (a
 * retried delivery, say): a duplicate later than that is emitted again as a first row. The key
 * need not contain the event time, which is what makes this differ from naming the event-time
 * column among the PARTITION BY keys (a key then goes once the watermark reaches its own time).
 *
 * @param withinWatermark whether keys go once the watermark passes their first row's time plus the delay
 */
public record DeduplicationScope(boolean withinWatermark) {
  /** The session option that sets it: {@code 'on'} or {@code 'off'} (the default). */
  public static final String OPTION = "pipeline.deduplicate.within-watermark";
  /** Keys kept for the whole query. */
  public static final DeduplicationScope DEFAULT = new DeduplicationScope(false);

  /** The scope the option's value gives (null or blank: not set); refuses anything but 'on' and 'off'. */
  public static DeduplicationScope of(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT;
    }
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (!v.equals("on") && !v.equals("off")) {
      throw new SluiceException(ErrorCode.INVALID_OPTION, "Option '" + OPTION + "' takes 'on' or 'off', not '"
          + value + "'");
    }
    return new DeduplicationScope(v.equals("on"));
  }
}
