package io.sluice.runtime.function;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * String functions over UTF-8 byte ranges, called by generated code. Functions that produce a
 * part of their input return a <em>view</em> packed in a long: the start relative to the input's
 * offset in the high 32 bits and the length in the low 32 bits ({@link #viewStart},
 * {@link #viewLength}). Functions that build new text write it into a {@link Scratch} and
 * return its length. ASCII input takes byte-level fast paths; other text is decoded only where
 * case mapping needs it.
 */
public final class Strings {
  private Strings() {}

  public static final byte[] EMPTY = new byte[0];

  public static long view(int start, int length) {
    return ((long) start << 32) | (length & 0xFFFFFFFFL);
  }

  public static int viewStart(long view) {
    return (int) (view >>> 32);
  }

  public static int viewLength(long view) {
    return (int) view;
  }

  /** Compares as unsigned bytes, which for UTF-8 is code point order. */
  public static int compare(byte[] a, int ao, int al, byte[] b, int bo, int bl) {
    return java.util.Arrays.compareUnsigned(a, ao, ao + al, b, bo, bo + bl);
  }

  public static boolean equals(byte[] a, int ao, int al, byte[] b, int bo, int bl) {
    return al == bl && java.util.Arrays.equals(a, ao, ao + al, b, bo, bo + bl);
  }

  static boolean isAscii(byte[] b, int off, int len) {
    for (int i = off, end = off + len; i < end; i++) {
      if (b[i] < 0) {
        return false;
      }
    }
    return true;
  }

  /** Length in bytes of the UTF-8 sequence that starts with {@code lead}. */
  static int sequenceLength(byte lead) {
    int u = lead & 0xFF;
    if (u < 0x80) {
      return 1;
    }
    if (u >= 0xF0) {
      return 4;
    }
    if (u >= 0xE0) {
      return 3;
    }
    if (u >= 0xC0) {
      return 2;
    }
    return 1; // stray continuation byte: count it alone
  }

  @SqlFunction({"CHAR_LENGTH", "CHARACTER_LENGTH", "LENGTH"})
  public static long charLength(byte[] b, int off, int len) {
    int count = 0;
    for (int i = off, end = off + len; i < end; i++) {
      if ((b[i] & 0xC0) != 0x80) {
        count++;
      }
    }
    return count;
  }

  /** ASCII: the code point of the first character; 0 for an empty string. */
  @SqlFunction("ASCII")
  public static long ascii(byte[] b, int off, int len) {
    if (len == 0) {
      return 0;
    }
    int lead = b[off] & 0xFF;
    int n = Math.min(len, sequenceLength(b[off]));
    if (n == 1) {
      return lead;
    }
    int codePoint = lead & (0xFF >> (n + 1));
    for (int i = 1; i < n; i++) {
      codePoint = (codePoint << 6) | (b[off + i] & 0x3F);
    }
    return codePoint;
  }

  /** Byte offset (relative to {@code off}) of the character with 0-based index {@code chars}, or len. */
  static int byteIndexOfChar(byte[] b, int off, int len, long chars) {
    int i = 0;
    long c = 0;
    while (i < len && c < chars) {
      i += sequenceLength(b[off + i]);
      c++;
    }
    return Math.min(i, len);
  }

  private static String decode(byte[] b, int off, int len) {
    return new String(b, off, len, StandardCharsets.UTF_8);
  }

  private static int encode(String s, Scratch out) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(bytes, 0, out.ensure(bytes.length), 0, bytes.length);
    return bytes.length;
  }

  /** OCTET_LENGTH(string): the number of bytes of the string in UTF-8, as PostgreSQL counts them. */
  @SqlFunction("OCTET_LENGTH")
  public static long octetLength(byte[] b, int off, int len) {
    return len;
  }

  @SqlFunction("UPPER")
  public static int upper(byte[] b, int off, int len, Scratch out) {
    if (isAscii(b, off, len)) {
      byte[] d = out.ensure(len);
      for (int i = 0; i < len; i++) {
        byte c = b[off + i];
        d[i] = c >= 'a' && c <= 'z' ? (byte) (c - 32) : c;
      }
      return len;
    }
    return encode(decode(b, off, len).toUpperCase(Locale.ROOT), out);
  }

  @SqlFunction("LOWER")
  public static int lower(byte[] b, int off, int len, Scratch out) {
    if (isAscii(b, off, len)) {
      byte[] d = out.ensure(len);
      for (int i = 0; i < len; i++) {
        byte c = b[off + i];
        d[i] = c >= 'A' && c <= 'Z' ? (byte) (c + 32) : c;
      }
      return len;
    }
    return encode(decode(b, off, len).toLowerCase(Locale.ROOT), out);
  }

  /** INITCAP: the first letter of every word upper case, the rest lower; words are runs of letters and digits. */
  @SqlFunction("INITCAP")
  public static int initcap(byte[] b, int off, int len, Scratch out) {
    if (isAscii(b, off, len)) {
      byte[] d = out.ensure(len);
      boolean start = true;
      for (int i = 0; i < len; i++) {
        byte c = b[off + i];
        boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (start && c >= 'a' && c <= 'z') {
          c = (byte) (c - 32);
        } else if (!start && c >= 'A' && c <= 'Z') {
          c = (byte) (c + 32);
        }
        d[i] = c;
        start = !alnum;
      }
      return len;
    }
    String s = decode(b, off, len);
    StringBuilder sb = new StringBuilder(s.length());
    boolean start = true;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      boolean alnum = Character.isLetterOrDigit(cp);
      sb.appendCodePoint(start ? Character.toUpperCase(cp) : Character.toLowerCase(cp));
      start = !alnum;
      i += Character.charCount(cp);
    }
    return encode(sb.toString(), out);
  }

  /** SUBSTRING(s FROM start): a view. */
  @SqlFunction({"SUBSTRING", "SUBSTR"})
  public static long substring(byte[] b, int off, int len, long start) {
    long from = Math.max(start, 1) - 1;
    int s = byteIndexOfChar(b, off, len, from);
    return view(s, len - s);
  }

  /** SUBSTRING(s FROM start FOR count): a view; characters before position 1 count against {@code count}. */
  @SqlFunction({"SUBSTRING", "SUBSTR"})
  public static long substring(byte[] b, int off, int len, long start, long count) {
    if (count < 0) {
      throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "Negative substring length not allowed: " + count);
    }
    long end = start + count; // exclusive, 1-based
    if (count > 0 && end < start) {
      end = Long.MAX_VALUE;
    }
    long from = Math.max(start, 1);
    if (end <= from) {
      return view(0, 0);
    }
    int s = byteIndexOfChar(b, off, len, from - 1);
    int e = s + byteIndexOfChar(b, off + s, len - s, end - from);
    return view(s, e - s);
  }

  /** LEFT(s, n): the first n characters; for n &lt; 0 all but the last -n (as PostgreSQL). */
  @SqlFunction("LEFT")
  public static long left(byte[] b, int off, int len, long count) {
    long keep = count < 0 ? charLength(b, off, len) + count : count;
    return keep <= 0 ? view(0, 0) : view(0, byteIndexOfChar(b, off, len, keep));
  }

  /** RIGHT(s, n): the last n characters; for n &lt; 0 all but the first -n (as PostgreSQL). */
  @SqlFunction("RIGHT")
  public static long right(byte[] b, int off, int len, long count) {
    if (count < 0) {
      int s = byteIndexOfChar(b, off, len, count == Long.MIN_VALUE ? Long.MAX_VALUE : -count);
      return view(s, len - s);
    }
    if (count == 0) {
      return view(len, 0);
    }
    long total = charLength(b, off, len);
    if (count >= total) {
      return view(0, len);
    }
    int s = byteIndexOfChar(b, off, len, total - count);
    return view(s, len - s);
  }

  /** STRPOS(haystack, needle): POSITION(needle IN haystack) with PostgreSQL's argument order. */
  @SqlFunction("STRPOS")
  public static long strpos(byte[] h, int ho, int hl, byte[] n, int no, int nl) {
    return position(n, no, nl, h, ho, hl);
  }

  /** STARTS_WITH(s, prefix): whether {@code s} begins with {@code prefix}, byte for byte. */
  @SqlFunction("STARTS_WITH")
  public static boolean startsWith(byte[] b, int off, int len, byte[] p, int po, int pl) {
    return pl <= len && Arrays.equals(b, off, off + pl, p, po, po + pl);
  }

  /** ENDS_WITH(s, suffix): whether {@code s} ends with {@code suffix}, byte for byte. */
  @SqlFunction("ENDS_WITH")
  public static boolean endsWith(byte[] b, int off, int len, byte[] x, int xo, int xl) {
    return xl <= len && Arrays.equals(b, off + len - xl, off + len, x, xo, xo + xl);
  }

  /** BTRIM(s): {@code s} without spaces at either end. A view. */
  @SqlFunction("BTRIM")
  public static long btrim(byte[] b, int off, int len) {
    return trim(true, true, SPACE, 0, 1, b, off, len);
  }

  /** BTRIM(s, characters): {@code s} without any of {@code characters} (code points) at either end. A view. */
  @SqlFunction("BTRIM")
  public static long btrim(byte[] b, int off, int len, byte[] set, int so, int sl) {
    return trim(true, true, set, so, sl, b, off, len);
  }

  /**
   * CHR(n): the character with code point {@code n}, in UTF-8. As in PostgreSQL, 0, surrogates and
   * numbers that are not code points are errors.
   */
  @SqlFunction("CHR")
  public static int chr(long codePoint, Scratch out) {
    if (codePoint <= 0 || codePoint > Character.MAX_CODE_POINT
        || codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE) {
      throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "CHR(" + codePoint + "): "
          + (codePoint == 0 ? "the null character is not permitted" : "not a Unicode code point"));
    }
    int c = (int) codePoint;
    byte[] d = out.ensure(4);
    if (c < 0x80) {
      d[0] = (byte) c;
      return 1;
    }
    if (c < 0x800) {
      d[0] = (byte) (0xC0 | c >> 6);
      d[1] = (byte) (0x80 | c & 0x3F);
      return 2;
    }
    if (c < 0x10000) {
      d[0] = (byte) (0xE0 | c >> 12);
      d[1] = (byte) (0x80 | c >> 6 & 0x3F);
      d[2] = (byte) (0x80 | c & 0x3F);
      return 3;
    }
    d[0] = (byte) (0xF0 | c >> 18);
    d[1] = (byte) (0x80 | c >> 12 & 0x3F);
    d[2] = (byte) (0x80 | c >> 6 & 0x3F);
    d[3] = (byte) (0x80 | c & 0x3F);
    return 4;
  }

  private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  /** TO_HEX(n): {@code n} in lower-case hexadecimal, a negative number as its 64-bit two's complement. */
  @SqlFunction("TO_HEX")
  public static int toHex(long value, Scratch out) {
    int digits = Math.max(1, (67 - Long.numberOfLeadingZeros(value)) / 4);
    byte[] d = out.ensure(digits);
    long rest = value;
    for (int i = digits - 1; i >= 0; i--) {
      d[i] = HEX_DIGITS[(int) (rest & 0xF)];
      rest >>>= 4;
    }
    return digits;
  }

  /**
   * SPLIT_PART(s, delimiter, n): the n-th field of {@code s} cut at each {@code delimiter}, counted
   * from the end when n &lt; 0; empty when there is no such field; an empty delimiter makes the
   * whole string one field. A view.
   */
  @SqlFunction("SPLIT_PART")
  public static long splitPart(byte[] b, int off, int len, byte[] d, int doff, int dlen, long field) {
    if (field == 0) {
      throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "SPLIT_PART field position must not be zero");
    }
    if (dlen == 0) {
      return field == 1 || field == -1 ? view(0, len) : view(0, 0);
    }
    long wanted = field;
    if (field < 0) {
      long fields = 1;
      for (int at = indexOf(b, off, len, d, doff, dlen), start = 0; at >= 0;
          start += at + dlen, at = indexOf(b, off + start, len - start, d, doff, dlen)) {
        fields++;
      }
      wanted = fields + field + 1;
      if (wanted < 1) {
        return view(0, 0);
      }
    }
    int start = 0;
    for (long f = 1; ; f++) {
      int found = indexOf(b, off + start, len - start, d, doff, dlen);
      if (f == wanted) {
        return view(start, found < 0 ? len - start : found);
      }
      if (found < 0) {
        return view(0, 0);
      }
      start += found + dlen;
    }
  }

  /**
   * TRANSLATE(s, from, to): each character of {@code s} that is the i-th character of {@code from}
   * (its first occurrence) becomes the i-th character of {@code to}, or is dropped when {@code to}
   * is shorter; characters are compared as code points.
   */
  @SqlFunction("TRANSLATE")
  public static int translate(byte[] b, int off, int len, byte[] f, int fo, int fl, byte[] t, int to, int tl,
      Scratch out) {
    int written = 0;
    for (int i = 0; i < len; ) {
      int n = Math.min(sequenceLength(b[off + i]), len - i);
      long index = charIndex(f, fo, fl, b, off + i, n);
      int copyFrom = off + i;
      int copyLength = n;
      byte[] source = b;
      if (index >= 0) {
        int at = byteIndexOfChar(t, to, tl, index);
        source = t;
        copyFrom = to + at;
        copyLength = at < tl ? Math.min(sequenceLength(t[to + at]), tl - at) : 0;
      }
      byte[] dest = out.ensure(written + copyLength, written);
      System.arraycopy(source, copyFrom, dest, written, copyLength);
      written += copyLength;
      i += n;
    }
    return written;
  }

  /** The index (in characters) of the first character of {@code s} equal to bytes c[co, co+cl), or -1. */
  private static long charIndex(byte[] s, int so, int sl, byte[] c, int co, int cl) {
    long index = 0;
    for (int i = 0; i < sl; index++) {
      int n = Math.min(sequenceLength(s[so + i]), sl - i);
      if (n == cl && Arrays.equals(s, so + i, so + i + n, c, co, co + cl)) {
        return index;
      }
      i += n;
    }
    return -1;
  }

  /** POSITION(needle IN haystack FROM from): 1-based character position, 0 when absent. */
  public static long position(byte[] n, int no, int nl, byte[] h, int ho, int hl, long from) {
    if (from < 1) {
      from = 1;
    }
    if (from - 1 > charLength(h, ho, hl)) {
      return 0;
    }
    int startByte = byteIndexOfChar(h, ho, hl, from - 1);
    int found = indexOf(h, ho + startByte, hl - startByte, n, no, nl);
    return found < 0 ? 0 : from + charLength(h, ho + startByte, found);
  }

  public static long position(byte[] n, int no, int nl, byte[] h, int ho, int hl) {
    if (nl == 0) {
      return 1;
    }
    int found = indexOf(h, ho, hl, n, no, nl);
    return found < 0 ? 0 : charLength(h, ho, found) + 1;
  }

  /** Byte index of {@code n} in {@code h} relative to {@code ho}, or -1. */
  static int indexOf(byte[] h, int ho, int hl, byte[] n, int no, int nl) {
    if (nl == 0) {
      return 0;
    }
    byte first = n[no];
    int last = hl - nl;
    outer:
    for (int i = 0; i <= last; i++) {
      if (h[ho + i] != first) {
        continue;
      }
      for (int j = 1; j < nl; j++) {
        if (h[ho + i + j] != n[no + j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** REPLACE(s, search, replacement); an empty search string leaves s unchanged. */
  @SqlFunction("REPLACE")
  public static int replace(byte[] b, int off, int len, byte[] s, int so, int sl, byte[] r, int ro, int rl,
      Scratch out) {
    if (sl == 0) {
      System.arraycopy(b, off, out.ensure(len), 0, len);
      return len;
    }
    int written = 0;
    int i = 0;
    while (true) {
      int found = indexOf(b, off + i, len - i, s, so, sl);
      int chunk = found < 0 ? len - i : found;
      byte[] d = out.ensure(written + chunk + (found < 0 ? 0 : rl), written);
      System.arraycopy(b, off + i, d, written, chunk);
      written += chunk;
      if (found < 0) {
        return written;
      }
      System.arraycopy(r, ro, d, written, rl);
      written += rl;
      i += found + sl;
    }
  }

  @SqlFunction(value = "CONCAT", fold = true)
  public static int concat(byte[] a, int ao, int al, byte[] b, int bo, int bl, Scratch out) {
    byte[] d = out.ensure(al + bl);
    if (a != d || ao != 0) { // a fold's later steps append to what the buffer holds
      System.arraycopy(a, ao, d, 0, al);
    }
    System.arraycopy(b, bo, d, al, bl);
    return al + bl;
  }

  /** Appends to a scratch that already holds {@code used} bytes; returns the new length. */
  public static int append(Scratch out, int used, byte[] b, int off, int len) {
    byte[] d = out.ensure(used + len, used);
    System.arraycopy(b, off, d, used, len);
    return used + len;
  }

  /** Whether the character at byte {@code i} of (b, off, len) is one of the characters in the set. */
  private static int matchLength(byte[] b, int at, int end, byte[] set, int so, int sl) {
    int n = sequenceLength(b[at]);
    if (at + n > end) {
      n = end - at;
    }
    for (int j = 0; j < sl; ) {
      int m = sequenceLength(set[so + j]);
      if (m == n && java.util.Arrays.equals(b, at, at + n, set, so + j, so + j + m)) {
        return n;
      }
      j += m;
    }
    return 0;
  }

  /** TRIM: removes characters of {@code set} from the start and/or end; a view. */
  public static long trim(boolean leading, boolean trailing, byte[] set, int so, int sl, byte[] b, int off,
      int len) {
    int s = 0;
    int e = len;
    if (sl == 0) {
      return view(0, len);
    }
    if (sl == 1 && set[so] >= 0) {
      byte c = set[so];
      if (leading) {
        while (s < e && b[off + s] == c) {
          s++;
        }
      }
      if (trailing) {
        while (e > s && b[off + e - 1] == c) {
          e--;
        }
      }
      return view(s, e - s);
    }
    if (leading) {
      int m;
      while (s < e && (m = matchLength(b, off + s, off + e, set, so, sl)) > 0) {
        s += m;
      }
    }
    if (trailing) {
      while (e > s) {
        int p = e - 1;
        while (p > s && (b[off + p] & 0xC0) == 0x80) {
          p--;
        }
        if (matchLength(b, off + p, off + e, set, so, sl) == e - p) {
          e = p;
        } else {
          break;
        }
      }
    }
    return view(s, e - s);
  }

  private static final byte[] SPACE = {' '};

  public static long trimSpaces(boolean leading, boolean trailing, byte[] b, int off, int len) {
    return trim(leading, trailing, SPACE, 0, 1, b, off, len);
  }

  /** LTRIM(s): {@code s} without its leading spaces. A view. */
  @SqlFunction("LTRIM")
  public static long ltrim(byte[] b, int off, int len) {
    return trim(true, false, SPACE, 0, 1, b, off, len);
  }

  /** RTRIM(s): {@code s} without its trailing spaces. A view. */
  @SqlFunction("RTRIM")
  public static long rtrim(byte[] b, int off, int len) {
    return trim(false, true, SPACE, 0, 1, b, off, len);
  }

  /** LPAD(s, count): padded with spaces on the left. */
  @SqlFunction("LPAD")
  public static int lpad(byte[] b, int off, int len, long count, Scratch out) {
    return pad(true, b, off, len, count, SPACE, 0, 1, out);
  }

  @SqlFunction("LPAD")
  public static int lpad(byte[] b, int off, int len, long count, byte[] p, int po, int pl, Scratch out) {
    return pad(true, b, off, len, count, p, po, pl, out);
  }

  /** RPAD(s, count): padded with spaces on the right. */
  @SqlFunction("RPAD")
  public static int rpad(byte[] b, int off, int len, long count, Scratch out) {
    return pad(false, b, off, len, count, SPACE, 0, 1, out);
  }

  @SqlFunction("RPAD")
  public static int rpad(byte[] b, int off, int len, long count, byte[] p, int po, int pl, Scratch out) {
    return pad(false, b, off, len, count, p, po, pl, out);
  }

  /**
   * LPAD / RPAD to {@code count} characters with {@code pad}; longer input is cut to {@code count},
   * and a negative count gives the empty string (as PostgreSQL).
   */
  public static int pad(boolean left, byte[] b, int off, int len, long count, byte[] p, int po, int pl,
      Scratch out) {
    if (count <= 0) {
      return 0;
    }
    long chars = charLength(b, off, len);
    if (chars >= count || pl == 0) {
      int cut = byteIndexOfChar(b, off, len, Math.min(chars, count));
      System.arraycopy(b, off, out.ensure(cut), 0, cut);
      return cut;
    }
    long need = count - chars;
    long padChars = charLength(p, po, pl);
    // bytes of the padding: whole copies plus a prefix of the pad string
    long copies = need / padChars;
    int rest = byteIndexOfChar(p, po, pl, need % padChars);
    long total = copies * pl + rest + len;
    if (total > Integer.MAX_VALUE - 16) {
      throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "Padded string too long");
    }
    byte[] d = out.ensure((int) total);
    int w = 0;
    if (!left) {
      System.arraycopy(b, off, d, 0, len);
      w = len;
    }
    for (long i = 0; i < copies; i++) {
      System.arraycopy(p, po, d, w, pl);
      w += pl;
    }
    System.arraycopy(p, po, d, w, rest);
    w += rest;
    if (left) {
      System.arraycopy(b, off, d, w, len);
      w += len;
    }
    return w;
  }

  /** REVERSE by characters. */
  @SqlFunction("REVERSE")
  public static int reverse(byte[] b, int off, int len, Scratch out) {
    byte[] d = out.ensure(len);
    int i = 0;
    while (i < len) {
      int n = Math.min(sequenceLength(b[off + i]), len - i);
      System.arraycopy(b, off + i, d, len - i - n, n);
      i += n;
    }
    return len;
  }

  @SqlFunction("REPEAT")
  public static int repeat(byte[] b, int off, int len, long times, Scratch out) {
    if (times <= 0 || len == 0) {
      return 0;
    }
    long total = times * len;
    if (total > Integer.MAX_VALUE - 16 || total / len != times) {
      throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "Repeated string too long");
    }
    byte[] d = out.ensure((int) total);
    for (int i = 0; i < times; i++) {
      System.arraycopy(b, off, d, i * len, len);
    }
    return (int) total;
  }

  /** Fits text to CHAR(n) (pads with spaces, cuts) or VARCHAR(n) (cuts); n &lt; 0 means no limit. */
  public static int fit(byte[] b, int off, int len, int n, boolean padded, Scratch out) {
    if (n < 0) {
      System.arraycopy(b, off, out.ensure(len), 0, len);
      return len;
    }
    int cut = byteIndexOfChar(b, off, len, n);
    long chars = padded ? charLength(b, off, cut) : 0;
    int total = padded ? cut + (int) Math.max(0, n - chars) : cut;
    byte[] d = out.ensure(total);
    System.arraycopy(b, off, d, 0, cut);
    for (int i = cut; i < total; i++) {
      d[i] = ' ';
    }
    return total;
  }
}
