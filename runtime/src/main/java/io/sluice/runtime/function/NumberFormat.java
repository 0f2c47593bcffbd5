package io.sluice.runtime.function;

import java.nio.charset.StandardCharsets;

/**
 * A TO_CHAR format for numbers in PostgreSQL's template patterns, compiled once per call site
 * ({@link Memo}): {@code 9} (a digit, blank when a leading zero), {@code 0} (a digit, zeros kept),
 * {@code .} or {@code D} (the decimal point), {@code ,} or {@code G} (a group separator, blank
 * before the first digit), {@code S} (the sign, + or -: a leading S right before the first digit), {@code MI} (a minus, blank when not
 * negative), an {@code FM} prefix (no padding blanks, no trailing zeros of {@code 9}s after the
 * point); anything else is copied. Without S or MI a place for the sign precedes the number. The
 * value is rounded to the format's decimal places (a DECIMAL half away from zero, a DOUBLE half to
 * even, as PostgreSQL's); one with more integer digits
 * than the format has is written as {@code #}s, as PostgreSQL does.
 */
final class NumberFormat {
  private static final byte DIGIT9 = 1;
  private static final byte DIGIT0 = 2;
  private static final byte POINT = 3;
  private static final byte GROUP = 4;
  private static final byte SIGN = 5;
  private static final byte MINUS = 6;
  private static final byte TEXT = 7;

  private final byte[] kinds;
  private final byte[] texts;
  private final boolean fillMode;
  private final int integerDigits;
  private final int fractionDigits;
  /** Whether the format places the sign itself: a trailing S or an MI (a leading S is the default place with a +). */
  private final boolean signed;
  /** An S before the first digit: the sign, + or -, goes right before the first digit written. */
  private final boolean leadingSign;
  /** The integer part's digits of the value being written; a call site's rows are written one at a time. */
  private final byte[] digits = new byte[20];

  private NumberFormat(byte[] kinds, byte[] texts, boolean fillMode, int integerDigits, int fractionDigits,
      boolean signed, boolean leadingSign) {
    this.leadingSign = leadingSign;
    this.kinds = kinds;
    this.texts = texts;
    this.fillMode = fillMode;
    this.integerDigits = integerDigits;
    this.fractionDigits = fractionDigits;
    this.signed = signed;
  }

  static NumberFormat compile(String format) {
    byte[] kinds = new byte[format.length()];
    byte[] texts = new byte[format.length()];
    int n = 0;
    boolean fill = false;
    boolean point = false;
    boolean signed = false;
    boolean leadingSign = false;
    int integerDigits = 0;
    int fractionDigits = 0;
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      char upper = Character.toUpperCase(c);
      byte kind;
      if (upper == 'F' && i + 1 < format.length() && Character.toUpperCase(format.charAt(i + 1)) == 'M') {
        fill = true;
        i++;
        continue;
      } else if (upper == 'M' && i + 1 < format.length() && Character.toUpperCase(format.charAt(i + 1)) == 'I') {
        kind = MINUS;
        signed = true;
        i++;
      } else if (c == '9' || c == '0') {
        kind = c == '9' ? DIGIT9 : DIGIT0;
        if (point) {
          fractionDigits++;
        } else {
          integerDigits++;
        }
      } else if ((c == '.' || upper == 'D') && !point) {
        kind = POINT;
        point = true;
      } else if (c == ',' || upper == 'G') {
        kind = GROUP;
      } else if (upper == 'S') {
        kind = SIGN;
        leadingSign = integerDigits == 0 && !point;
        signed = !leadingSign;
      } else {
        kind = TEXT;
        texts[n] = c < 128 ? (byte) c : (byte) '?';
      }
      kinds[n++] = kind;
    }
    return new NumberFormat(java.util.Arrays.copyOf(kinds, n), java.util.Arrays.copyOf(texts, n), fill, integerDigits,
        fractionDigits, signed, leadingSign);
  }

  /** Writes an unscaled value of {@code scale} decimal places in this format; returns the length. */
  int format(long unscaled, int scale, Scratch out) {
    boolean negative = unscaled < 0;
    long magnitude = Math.abs(unscaled);
    long scaled; // |value| * 10^fractionDigits, rounded
    if (scale > fractionDigits) {
      int drop = scale - fractionDigits;
      if (drop > 18) {
        scaled = 0;
      } else {
        long p = Decimals.POW10[drop];
        scaled = magnitude / p + (magnitude % p >= (p + 1) / 2 ? 1 : 0);
      }
    } else {
      int grow = fractionDigits - scale;
      scaled = grow > 18 || magnitude > Long.MAX_VALUE / Decimals.POW10[grow] ? -1 : magnitude * Decimals.POW10[grow];
    }
    return write(scaled, negative && scaled != 0, out);
  }

  /** Writes a DOUBLE in this format; returns the length. */
  int format(double value, Scratch out) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return write(-1, value < 0, out);
    }
    double scaledValue = Math.abs(value) * Math.pow(10, fractionDigits);
    long scaled = scaledValue >= 9.2e18 ? -1 : (long) Math.rint(scaledValue); // half to even, as PostgreSQL's printf
    return write(scaled, value < 0 && scaled != 0, out);
  }

  /** {@code scaled} is |value| times 10^fractionDigits, or -1 when it does not fit (written as #s). */
  private int write(long scaled, boolean negative, Scratch out) {
    long integer = scaled < 0 ? 0 : scaled / Decimals.POW10[fractionDigits];
    int integerLength = 0;
    for (long v = integer; v > 0; v /= 10) {
      integerLength++;
    }
    if (integer == 0 && (fractionDigits == 0 || fillMode && scaled == 0)) {
      integerLength = 1; // PostgreSQL writes 0 when there is no fraction, and a zero in fill mode, as 0
    }
    boolean overflow = scaled < 0 || integerLength > integerDigits;
    long v = integer;
    for (int i = integerLength - 1; i >= 0; i--) {
      digits[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    long fraction = scaled < 0 ? 0 : scaled % Decimals.POW10[fractionDigits];
    int keepFraction = fractionDigits; // FM drops trailing zeros that 9s stand for
    if (fillMode) {
      int last = lastZeroPosition();
      long f = fraction;
      while (keepFraction > last && f % 10 == 0) {
        f /= 10;
        keepFraction--;
      }
    }
    byte[] buf = out.ensure(2 * kinds.length + 24);
    int at = 0;
    int integerSeen = 0;
    int fractionSeen = 0;
    boolean started = false;
    boolean signWritten = signed;
    for (int k = 0; k < kinds.length; k++) {
      byte kind = kinds[k];
      switch (kind) {
        case DIGIT9:
        case DIGIT0:
          if (integerSeen < integerDigits) {
            int fromRight = integerDigits - 1 - integerSeen++;
            boolean present = fromRight < integerLength;
            if (overflow) {
              at = sign(buf, at, negative, signWritten);
              signWritten = true;
              buf[at++] = '#';
            } else if (present || kind == DIGIT0 || started) {
              if (!started) {
                at = sign(buf, at, negative, signWritten);
                signWritten = true;
              }
              started = true;
              buf[at++] = present ? digits[integerLength - 1 - fromRight] : (byte) '0';
            } else if (!fillMode) {
              buf[at++] = ' ';
            }
          } else {
            int position = fractionSeen++;
            if (position < keepFraction) {
              buf[at++] = overflow ? (byte) '#'
                  : (byte) ('0' + fraction / Decimals.POW10[fractionDigits - 1 - position] % 10);
            }
          }
          break;
        case POINT:
          if (!signWritten) {
            at = sign(buf, at, negative, false);
            signWritten = true;
          }
          started = true;
          buf[at++] = '.';
          break;
        case GROUP:
          if (started || overflow) {
            buf[at++] = ',';
          } else if (!fillMode) {
            buf[at++] = ' ';
          }
          break;
        case SIGN:
          if (!leadingSign) {
            buf[at++] = negative ? (byte) '-' : (byte) '+';
          }
          break;
        case MINUS:
          if (negative) {
            buf[at++] = '-';
          } else if (!fillMode) {
            buf[at++] = ' ';
          }
          break;
        default:
          buf[at++] = texts[k];
      }
    }
    if (!signWritten) {
      at = sign(buf, at, negative, false);
    }
    return at;
  }

  /** The place of the sign when the format has none of its own: '-' or, unless FM, a blank. */
  private int sign(byte[] buf, int at, boolean negative, boolean written) {
    if (written) {
      return at;
    }
    if (negative) {
      buf[at++] = '-';
    } else if (leadingSign) {
      buf[at++] = '+';
    } else if (!fillMode) {
      buf[at++] = ' ';
    }
    return at;
  }

  /** How many decimal places a {@code 0} after the point keeps at least (FM never drops those). */
  private int lastZeroPosition() {
    int position = 0;
    int last = 0;
    boolean point = false;
    for (byte kind : kinds) {
      if (kind == POINT) {
        point = true;
      } else if (point && (kind == DIGIT9 || kind == DIGIT0)) {
        position++;
        if (kind == DIGIT0) {
          last = position;
        }
      }
    }
    return last;
  }

  static NumberFormat compile(byte[] b, int off, int len) {
    return compile(new String(b, off, len, StandardCharsets.UTF_8));
  }
}
