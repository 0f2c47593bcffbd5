package io.sluice.runtime.function;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.nio.charset.StandardCharsets;

/**
 * ENCODE(string, format) and DECODE(string, format) with PostgreSQL's formats {@code base64},
 * {@code hex} and {@code escape} (named in any case). PostgreSQL encodes bytes ({@code bytea});
 * Sluice has no byte type, so ENCODE encodes the UTF-8 bytes of the text (PostgreSQL's
 * {@code encode(convert_to(s, 'UTF8'), format)}, and what it gives for a literal), and DECODE gives
 * the decoded bytes as text, which must then be UTF-8 (PostgreSQL's
 * {@code convert_from(decode(s, format), 'UTF8')}).
 */
public final class Encodings {
  private Encodings() {}

  private static final int BASE64 = 0;
  private static final int HEX = 1;
  private static final int ESCAPE = 2;
  /** PostgreSQL breaks base64 text into lines of 76 characters. */
  private static final int BASE64_LINE = 76;
  private static final byte[] BASE64_DIGITS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  /** ENCODE(string, format): the string's UTF-8 bytes written in base64, hex or escape form. */
  @SqlFunction("ENCODE")
  public static int encode(byte[] b, int off, int len, byte[] f, int foff, int flen, Scratch out) {
    switch (format("ENCODE", f, foff, flen)) {
      case BASE64:
        return base64(b, off, len, out);
      case HEX: {
        byte[] buf = out.ensure(2 * len);
        for (int i = 0; i < len; i++) {
          buf[2 * i] = HEX_DIGITS[(b[off + i] & 0xff) >>> 4];
          buf[2 * i + 1] = HEX_DIGITS[b[off + i] & 0xf];
        }
        return 2 * len;
      }
      default: { // escape: a zero byte and bytes past ASCII as \ooo, a backslash doubled
        byte[] buf = out.ensure(4 * len);
        int at = 0;
        for (int i = 0; i < len; i++) {
          int c = b[off + i] & 0xff;
          if (c == 0 || c >= 0x80) {
            buf[at++] = '\\';
            buf[at++] = (byte) ('0' + (c >> 6));
            buf[at++] = (byte) ('0' + (c >> 3 & 7));
            buf[at++] = (byte) ('0' + (c & 7));
          } else {
            buf[at++] = (byte) c;
            if (c == '\\') {
              buf[at++] = '\\';
            }
          }
        }
        return at;
      }
    }
  }

  private static int base64(byte[] b, int off, int len, Scratch out) {
    int groups = (len + 2) / 3;
    byte[] buf = out.ensure(4 * groups + 4 * groups / BASE64_LINE + 1);
    int at = 0;
    int line = 0;
    for (int i = 0; i < len; i += 3) {
      if (line == BASE64_LINE) {
        buf[at++] = '\n';
        line = 0;
      }
      int n = Math.min(3, len - i);
      int v = (b[off + i] & 0xff) << 16 | (n > 1 ? (b[off + i + 1] & 0xff) << 8 : 0) | (n > 2 ? b[off + i + 2] & 0xff : 0);
      buf[at++] = BASE64_DIGITS[v >>> 18];
      buf[at++] = BASE64_DIGITS[v >>> 12 & 63];
      buf[at++] = n > 1 ? BASE64_DIGITS[v >>> 6 & 63] : (byte) '=';
      buf[at++] = n > 2 ? BASE64_DIGITS[v & 63] : (byte) '=';
      line += 4;
    }
    return at;
  }

  /** DECODE(string, format): the bytes the text encodes in base64, hex or escape form, as UTF-8 text. */
  @SqlFunction("DECODE")
  public static int decode(byte[] b, int off, int len, byte[] f, int foff, int flen, Scratch out) {
    byte[] buf = out.ensure(len);
    int at;
    switch (format("DECODE", f, foff, flen)) {
      case BASE64:
        at = unbase64(b, off, len, buf);
        break;
      case HEX:
        at = unhex(b, off, len, buf);
        break;
      default:
        at = unescape(b, off, len, buf);
    }
    if (!isUtf8(buf, at)) {
      throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "DECODE: the decoded bytes are not UTF-8 text (Sluice"
          + " has no byte type, so DECODE gives text)");
    }
    return at;
  }

  /** Whether the first {@code len} bytes are well-formed UTF-8 (shortest forms, no surrogates, at most U+10FFFF). */
  static boolean isUtf8(byte[] b, int len) {
    int i = 0;
    while (i < len) {
      int c = b[i] & 0xff;
      int n = c < 0x80 ? 0 : c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xf0 && c < 0xf5 ? 3 : -1;
      if (n < 0 || i + n >= len) {
        return false;
      }
      if (n > 0) {
        int second = b[i + 1] & 0xff;
        int low = c == 0xe0 ? 0xa0 : c == 0xf0 ? 0x90 : 0x80;
        int high = c == 0xed ? 0x9f : c == 0xf4 ? 0x8f : 0xbf;
        if (second < low || second > high) {
          return false;
        }
        for (int k = 2; k <= n; k++) {
          if ((b[i + k] & 0xc0) != 0x80) {
            return false;
          }
        }
      }
      i += n + 1;
    }
    return true;
  }

  private static int unbase64(byte[] b, int off, int len, byte[] buf) {
    int at = 0;
    int bits = 0;
    int count = 0;
    int padding = 0;
    for (int i = 0; i < len; i++) {
      int c = b[off + i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        continue;
      }
      int v;
      if (c == '=') {
        padding++;
        v = 0;
      } else {
        v = c >= 'A' && c <= 'Z' ? c - 'A' : c >= 'a' && c <= 'z' ? c - 'a' + 26 : c >= '0' && c <= '9' ? c - '0' + 52
            : c == '+' ? 62 : c == '/' ? 63 : -1;
        if (v < 0 || padding > 0) {
          throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "DECODE: invalid symbol \""
              + new String(b, off + i, Math.min(Strings.sequenceLength((byte) c), len - i), StandardCharsets.UTF_8)
              + "\" found while decoding base64 sequence");
        }
      }
      bits = bits << 6 | v;
      if (++count == 4) {
        buf[at++] = (byte) (bits >> 16);
        buf[at++] = (byte) (bits >> 8);
        buf[at++] = (byte) bits;
        bits = 0;
        count = 0;
      }
    }
    if (count != 0 || padding > 2) {
      throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "DECODE: invalid base64 end sequence");
    }
    return at - padding;
  }

  private static int unhex(byte[] b, int off, int len, byte[] buf) {
    int at = 0;
    for (int i = 0; i < len; i++) {
      byte c = b[off + i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        continue;
      }
      int high = hexDigit(b, off + i, len - i);
      if (i + 1 >= len) {
        throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "DECODE: invalid hexadecimal data: odd number of digits");
      }
      buf[at++] = (byte) (high << 4 | hexDigit(b, off + ++i, len - i));
    }
    return at;
  }

  private static int hexDigit(byte[] b, int at, int left) {
    int c = b[at];
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
      return (c | 0x20) - 'a' + 10;
    }
    throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "DECODE: invalid hexadecimal digit: \""
        + new String(b, at, Math.min(Strings.sequenceLength((byte) c), left), StandardCharsets.UTF_8) + "\"");
  }

  private static int unescape(byte[] b, int off, int len, byte[] buf) {
    int at = 0;
    for (int i = 0; i < len; i++) {
      byte c = b[off + i];
      if (c != '\\') {
        buf[at++] = c;
      } else if (i + 1 < len && b[off + i + 1] == '\\') {
        buf[at++] = '\\';
        i++;
      } else if (i + 3 < len && octal(b[off + i + 1]) <= 3 && octal(b[off + i + 2]) <= 7 && octal(b[off + i + 3]) <= 7) {
        buf[at++] = (byte) (octal(b[off + i + 1]) << 6 | octal(b[off + i + 2]) << 3 | octal(b[off + i + 3]));
        i += 3;
      } else {
        throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "DECODE: invalid input syntax for type bytea: a"
            + " backslash must be doubled or start three octal digits");
      }
    }
    return at;
  }

  private static int octal(byte c) {
    return c >= '0' && c <= '7' ? c - '0' : 8;
  }

  private static final byte[][] NAMES = {"base64".getBytes(StandardCharsets.US_ASCII),
      "hex".getBytes(StandardCharsets.US_ASCII), "escape".getBytes(StandardCharsets.US_ASCII)};

  /** Which format the text names, in any case; an error naming the formats otherwise. */
  private static int format(String function, byte[] f, int off, int len) {
    for (int k = 0; k < NAMES.length; k++) {
      byte[] name = NAMES[k];
      if (name.length == len) {
        int i = 0;
        while (i < len && (f[off + i] | 0x20) == name[i]) {
          i++;
        }
        if (i == len) {
          return k;
        }
      }
    }
    throw new SluiceException(ErrorCode.INVALID_ARGUMENT, function + ": unrecognized encoding: \""
        + new String(f, off, len, StandardCharsets.UTF_8) + "\" (base64, hex, escape)");
  }
}
