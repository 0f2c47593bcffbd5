package io.sluice.catalog;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Option values that are an amount of memory or data, such as {@code '512m'}, {@code '2g'},
 * {@code '16MB'} or {@code '1048576'}: a whole number with an optional unit {@code k}, {@code m},
 * {@code g} or {@code t} (powers of 1024; {@code KB}, {@code KiB} and the like mean the same).
 */
public final class ByteSizes {
  private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*(?:([kmgt])(?:i?b)?|b|bytes?)?");

  private ByteSizes() {}

  /**
   * The number of bytes {@code value} gives, from 1 up to {@code max}; refuses anything else naming
   * option {@code option} and the value.
   */
  public static long parse(String option, String value, long max) {
    Matcher m = SIZE.matcher(value == null ? "" : value.trim().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      int shift = m.group(2) == null ? 0 : 10 * ("kmgt".indexOf(m.group(2).charAt(0)) + 1);
      if (n >= 1 && n <= (max >> shift)) {
        return n << shift;
      }
    }
    throw new SluiceException(ErrorCode.INVALID_OPTION, "Option '" + option + "' takes a size from 1 byte to "
        + text(max) + " such as '512m', '2g' or '1048576' (bytes), not '" + value + "'");
  }

  /** {@code bytes} as a person reads it: "812 bytes", "1.5 KiB", "96.0 MiB", "2.00 GiB". */
  public static String text(long bytes) {
    if (bytes < 1024) {
      return bytes + " bytes";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    String number = value >= 100 ? String.format(Locale.ROOT, "%.0f", value)
        : value >= 10 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%.2f", value);
    return number + " " + units[unit];
  }
}
