package io.sluice.runtime.function;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A compiled SQL LIKE pattern over UTF-8 bytes. {@code _} matches one character (one UTF-8
 * sequence), {@code %} any run of characters. Patterns of the common shapes (exact, prefix,
 * suffix, contains) match with one byte comparison; the rest use a linear-time wildcard matcher
 * that backtracks only to the last {@code %}.
 */
public final class LikePattern {
  private static final int ANY = -1;
  private static final int ONE = -2;

  private enum Shape { EXACT, PREFIX, SUFFIX, CONTAINS, GENERAL }

  private final int[] tokens;
  private final Shape shape;
  private final byte[] literal;
  private final String text;

  private LikePattern(int[] tokens, String text) {
    this.tokens = tokens;
    this.text = text;
    int n = tokens.length;
    int percents = 0;
    int ones = 0;
    for (int t : tokens) {
      if (t == ANY) {
        percents++;
      } else if (t == ONE) {
        ones++;
      }
    }
    Shape s = Shape.GENERAL;
    byte[] lit = null;
    if (ones == 0) {
      if (percents == 0) {
        s = Shape.EXACT;
        lit = bytes(tokens, 0, n);
      } else if (percents == 1 && tokens[n - 1] == ANY) {
        s = Shape.PREFIX;
        lit = bytes(tokens, 0, n - 1);
      } else if (percents == 1 && tokens[0] == ANY) {
        s = Shape.SUFFIX;
        lit = bytes(tokens, 1, n);
      } else if (percents == 2 && n >= 2 && tokens[0] == ANY && tokens[n - 1] == ANY) {
        s = Shape.CONTAINS;
        lit = bytes(tokens, 1, n - 1);
      }
    }
    this.shape = s;
    this.literal = lit;
  }

  private static byte[] bytes(int[] tokens, int from, int to) {
    byte[] b = new byte[to - from];
    for (int i = from; i < to; i++) {
      b[i - from] = (byte) tokens[i];
    }
    return b;
  }

  /** Compiles {@code pattern}; {@code escape} is null or a single character. */
  public static LikePattern compile(byte[] pattern, int off, int len, byte[] escape, int eo, int el) {
    String text = new String(pattern, off, len, StandardCharsets.UTF_8);
    int esc = -1;
    if (escape != null) {
      String e = new String(escape, eo, el, StandardCharsets.UTF_8);
      if (e.codePointCount(0, e.length()) != 1) {
        throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "Invalid escape character '" + e + "' in LIKE");
      }
      if (el != 1) {
        throw new SluiceException(ErrorCode.UNSUPPORTED, "LIKE escape characters outside ASCII are not supported yet");
      }
      esc = escape[eo];
    }
    int[] tokens = new int[len];
    int n = 0;
    for (int i = off; i < off + len; i++) {
      int c = pattern[i];
      if (c == esc) {
        if (i + 1 >= off + len) {
          throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "Invalid LIKE pattern '" + text + "': ends with the escape character");
        }
        int next = pattern[++i];
        if (next != '%' && next != '_' && next != esc) {
          throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "Invalid LIKE pattern '" + text + "': invalid escape sequence");
        }
        tokens[n++] = next & 0xFF;
      } else if (c == '%') {
        if (n == 0 || tokens[n - 1] != ANY) {
          tokens[n++] = ANY;
        }
      } else if (c == '_') {
        tokens[n++] = ONE;
      } else {
        tokens[n++] = c & 0xFF;
      }
    }
    return new LikePattern(Arrays.copyOf(tokens, n), text);
  }

  public static LikePattern compile(byte[] pattern) {
    return compile(pattern, 0, pattern.length, null, 0, 0);
  }

  public boolean matches(byte[] b, int off, int len) {
    switch (shape) {
      case EXACT:
        return len == literal.length && Arrays.equals(b, off, off + len, literal, 0, literal.length);
      case PREFIX:
        return len >= literal.length && Arrays.equals(b, off, off + literal.length, literal, 0, literal.length);
      case SUFFIX:
        return len >= literal.length
            && Arrays.equals(b, off + len - literal.length, off + len, literal, 0, literal.length);
      case CONTAINS:
        return Strings.indexOf(b, off, len, literal, 0, literal.length) >= 0;
      default:
        return matchGeneral(b, off, len);
    }
  }

  private boolean matchGeneral(byte[] b, int off, int len) {
    int[] t = tokens;
    int m = t.length;
    int p = 0;
    int s = 0;
    int starP = -1;
    int starS = 0;
    while (s < len) {
      if (p < m && t[p] == ONE) {
        s += Strings.sequenceLength(b[off + s]);
        p++;
      } else if (p < m && t[p] >= 0 && t[p] == (b[off + s] & 0xFF)) {
        s++;
        p++;
      } else if (p < m && t[p] == ANY) {
        starP = p++;
        starS = s;
      } else if (starP >= 0) {
        p = starP + 1;
        starS += Strings.sequenceLength(b[off + starS]);
        s = starS;
      } else {
        return false;
      }
    }
    if (s > len) {
      return false;
    }
    while (p < m && t[p] == ANY) {
      p++;
    }
    return p == m;
  }

  @Override
  public String toString() {
    return "LIKE '" + text + "'";
  }

  /**
   * Per-call-site cache for patterns that are not constants: recompiles only when the pattern
   * text differs from the previous row's.
   */
  public static final class Cache {
    private byte[] lastPattern = new byte[0];
    private byte[] lastEscape;
    private LikePattern compiled;

    public LikePattern get(byte[] p, int po, int pl, byte[] e, int eo, int el) {
      boolean sameEscape = e == null ? lastEscape == null
          : lastEscape != null && Arrays.equals(lastEscape, 0, lastEscape.length, e, eo, eo + el);
      if (compiled == null || !sameEscape || !Arrays.equals(lastPattern, 0, lastPattern.length, p, po, po + pl)) {
        compiled = compile(p, po, pl, e, eo, el);
        lastPattern = Arrays.copyOfRange(p, po, po + pl);
        lastEscape = e == null ? null : Arrays.copyOfRange(e, eo, eo + el);
      }
      return compiled;
    }
  }
}
