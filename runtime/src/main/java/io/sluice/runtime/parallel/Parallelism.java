package io.sluice.runtime.parallel;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;

/**
 * The {@code pipeline.parallelism} option: how many worker threads run the parts of a batch that
 * can run at once (split scans and the filters and projections over them). 1 runs every batch on
 * the query's own thread, as before there were workers.
 */
public final class Parallelism {
  public static final String OPTION = "pipeline.parallelism";
  /** A system property that sets the default, so a test suite can run at another parallelism. */
  public static final String DEFAULT_PROPERTY = "sluice.parallelism";
  /** The most workers a query may ask for. */
  public static final int MAX = 256;

  private Parallelism() {}

  /** The option's value, or the default ({@link #defaultValue()}) when it is not set. */
  public static int of(String optionValue) {
    return optionValue == null || optionValue.isBlank() ? defaultValue() : parse(optionValue);
  }

  /** The number of processors Java sees, unless the system property {@value #DEFAULT_PROPERTY} says otherwise. */
  public static int defaultValue() {
    String property = System.getProperty(DEFAULT_PROPERTY);
    if (property != null && !property.isBlank()) {
      return parse(property);
    }
    return Math.min(MAX, Runtime.getRuntime().availableProcessors());
  }

  /** A whole number of workers from 1 to {@value #MAX}. */
  public static int parse(String optionValue) {
    try {
      int n = Integer.parseInt(optionValue.trim());
      if (n >= 1 && n <= MAX) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new SluiceException(ErrorCode.INVALID_OPTION, "Option '" + OPTION + "' takes a whole number of worker"
        + " threads from 1 to " + MAX + ", not '" + optionValue + "'");
  }
}
