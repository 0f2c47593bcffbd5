package io.sluice.engine.connector.datagen;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;

/**
 * Offsets of the generator sources: the number of rows (or events) before the position, as
 * decimal text. A batch from offset {@code a} to {@code b} holds rows {@code a .. b-1}.
 */
public final class RowOffsets {
  private RowOffsets() {}

  public static long parse(String connector, String offset) {
    try {
      long value = Long.parseLong(offset.trim());
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException | NullPointerException e) {
      // reported below
    }
    throw new SluiceException(ErrorCode.INVALID_ARGUMENT,
        "Offset '" + offset + "' is not a " + connector + " offset (a row count).");
  }

  /** The range {@code [start, end)} of a read, checked. */
  public static long[] range(String connector, String start, String end) {
    long from = parse(connector, start);
    long to = parse(connector, end);
    if (to < from) {
      throw new SluiceException(ErrorCode.INVALID_ARGUMENT,
          "The end offset " + to + " of a " + connector + " read is before its start " + from + ".");
    }
    return new long[] {from, to};
  }

  public static String format(long rows) {
    return Long.toString(rows);
  }
}
