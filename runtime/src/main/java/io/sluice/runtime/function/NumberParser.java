package io.sluice.runtime.function;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.nio.charset.StandardCharsets;

/**
 * Reads a number from text by a PostgreSQL numeric template, TO_NUMBER's: each {@code 9} or
 * {@code 0} takes one character of the text, keeping it when it is a digit (so {@code '12345'}
 * under {@code '99'} is 12, and other characters in digit places are dropped); {@code .} or
 * {@code D} is the decimal point and {@code ,} or {@code G} a group separator, each taking the
 * text's character only when it is one; {@code S}, {@code MI}, {@code PL} and {@code SG} take a
 * sign, {@code PR} reads {@code <123>} as negative, {@code L} takes a currency symbol, {@code FM}
 * is ignored; any other template character takes one character of the text. A minus sign before
 * the first digit makes the number negative, and the text's point met in a digit place is the
 * point (the text has fewer digits before it than the template).
 */
final class NumberParser {
  private final String template;

  private NumberParser(String template) {
    this.template = template;
  }

  static NumberParser compile(String template) {
    String upper = template.toUpperCase(java.util.Locale.ROOT);
    if (upper.contains("EEEE") || upper.contains("V") || upper.contains("TH") || upper.contains("RN")) {
      throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "TO_NUMBER: the format '" + template
          + "' uses a pattern that cannot be read (EEEE, V, TH or RN)");
    }
    return new NumberParser(upper);
  }

  /** The number the text holds. */
  double parse(byte[] b, int off, int len) {
    int end = off + len;
    int at = off;
    while (at < end && b[at] == ' ') {
      at++;
    }
    boolean negative = false;
    if (template.contains("PR") && at < end && b[at] == '<') {
      negative = true;
      at++;
    }
    long digits = 0;
    int count = 0;
    int fractionDigits = 0;
    boolean point = false;
    boolean hasPoint = template.indexOf('.') >= 0 || template.indexOf('D') >= 0;
    for (int t = 0; t < template.length() && at < end; t++) {
      char c = template.charAt(t);
      if (template.startsWith("FM", t) || template.startsWith("PR", t)) {
        t++;
        continue;
      }
      if (template.startsWith("MI", t) || template.startsWith("PL", t) || template.startsWith("SG", t)) {
        t++;
        c = 'S';
      }
      byte x = b[at];
      switch (c) {
        case '9':
        case '0':
          if (x >= '0' && x <= '9') {
            if (count < 18) {
              digits = digits * 10 + (x - '0');
              count++;
              fractionDigits += point ? 1 : 0;
            }
          } else if (x == '-' && count == 0) {
            negative = true;
          } else if (x == '.' && !point && hasPoint) {
            point = true; // the text's point comes early ('-0.25' under '9G999D99'): this place takes the next character
            at++;
            t--;
            break;
          }
          at++;
          break;
        case '.':
        case 'D':
          point = true;
          at += x == '.' ? 1 : 0;
          break;
        case ',':
        case 'G':
          at += x == ',' ? 1 : 0;
          break;
        case 'S':
          if (x == '-' || x == '+') {
            negative |= x == '-';
            at++;
          }
          break;
        default: // L, blanks and other text
          at++;
          break;
      }
    }
    if (count == 0) {
      throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "TO_NUMBER: no digits in '"
          + new String(b, off, len, StandardCharsets.UTF_8) + "' for the format '" + template + "'");
    }
    double value = digits / Math.pow(10, fractionDigits);
    return negative ? -value : value;
  }
}
