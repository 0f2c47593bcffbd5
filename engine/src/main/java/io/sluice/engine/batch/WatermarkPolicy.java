package io.sluice.engine.batch;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.util.Locale;

/**
 * How the watermarks of a query's inputs make the query's one watermark (option {@code
 * pipeline.watermark-policy}, Spark's {@code spark.sql.streaming.multipleWatermarkPolicy}): each
 * input's own watermark is its largest event time minus its declared delay.
 */
public enum WatermarkPolicy {
  /**
   * The smallest of the inputs' watermarks (the default): the query waits for its slowest input,
   * so no input's rows are late because another ran ahead. It moves once every input that is not
   * idle has shown an event time.
   */
  MIN,
  /**
   * The largest: the query moves with its fastest input, so results come sooner, and rows of a
   * slower input may be late. It moves as soon as one input has shown an event time.
   */
  MAX;

  public static final String OPTION = "pipeline.watermark-policy";

  /** Parses the option's value: 'min' or 'max'. */
  public static WatermarkPolicy parse(String text) {
    switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "min":
        return MIN;
      case "max":
        return MAX;
      default:
        throw new SluiceException(ErrorCode.INVALID_OPTION, "Option '" + OPTION + "' takes 'min' or 'max', not '"
            + text + "'");
    }
  }

  /** Combines one more input's watermark into {@code sofar} ({@link BatchRanges#NO_WATERMARK} for none yet). */
  long combine(long sofar, long input) {
    if (sofar == BatchRanges.NO_WATERMARK) {
      return input;
    }
    return this == MIN ? Math.min(sofar, input) : Math.max(sofar, input);
  }
}
