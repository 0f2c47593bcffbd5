package io.sluice.catalog;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Option values that are an amount of memory or disk, such as {@code '64m'}, {@code '512KB'},
 * {@code '2g'} or {@code '1048576'}: a whole number with an optional unit K, M, G or T (powers of
 * 1024; {@code KB}, {@code KiB} and so on too).
 */
public final class ByteSizes {
  private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*([KMGT]?)(I?B)?");

  private ByteSizes() {}

  /** The positive number of bytes {@code value} gives; refuses anything else naming option {@code option}. */
  public static long positiveBytes(String option, String value) {
    Matcher m = SIZE.matcher(value.trim().toUpperCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      int shift = m.group(2).isEmpty() ? 0 : ("KMGT".indexOf(m.group(2)) + 1) * 10;
      if (n > 0 && n <= Long.MAX_VALUE >> shift) {
        return n << shift;
      }
    }
    throw new SluiceException(ErrorCode.INVALID_OPTION, "Option '" + option + "' takes a positive size such as"
        + " '64m', '512KB', '2g' or '1048576' (bytes), not '" + value + "'");
  }

  /** A byte count as a user would write it: {@code 64MB}, {@code 1.5GB}, {@code 300 bytes}. */
  public static String text(long bytes) {
    if (bytes < 1024) {
      return bytes + " bytes";
    }
    String[] units = {"KB", "MB", "GB", "TB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return (value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value))
        + units[unit];
  }
}
