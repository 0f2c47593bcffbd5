package io.sluice.runtime.function;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * REGEXP_REPLACE(string, pattern, replacement [, flags]) with PostgreSQL's meaning: the first match
 * replaced, or every one with flag {@code g}; in the replacement {@code \1} to {@code \9} insert a
 * group, {@code \&} the whole match and {@code \\} a backslash. Flags: {@code g} (global),
 * {@code i} (case-insensitive), {@code c} (case-sensitive), {@code n} or {@code m} (newline-sensitive:
 * {@code .} stops at a newline, {@code ^} and {@code $} match at lines), {@code s} (the default:
 * {@code .} matches a newline too), {@code p}, {@code w}, {@code x} (expanded: blanks and
 * {@code #} comments ignored) and {@code q} (the pattern is literal text); any other is an error, as
 * there. The pattern is compiled once per call site while it and the flags stay the same, and a
 * row's text is decoded into buffers the call site keeps, so a row allocates nothing.
 */
public final class RegexReplace {
  private final Matcher matcher;
  private final boolean global;
  private char[] text = new char[64];
  private CharBuffer view;
  private final StringBuilder result = new StringBuilder();

  RegexReplace(Pattern pattern, boolean global) {
    this.global = global;
    this.view = CharBuffer.wrap(text);
    this.matcher = pattern.matcher("");
  }

  @SqlFunction("REGEXP_REPLACE")
  public static int regexpReplace(byte[] b, int off, int len, byte[] p, int poff, int plen, byte[] r, int roff, int rlen,
      Scratch out) {
    return regexpReplace(b, off, len, p, poff, plen, r, roff, rlen, Strings.EMPTY, 0, 0, out);
  }

  @SqlFunction("REGEXP_REPLACE")
  public static int regexpReplace(byte[] b, int off, int len, byte[] p, int poff, int plen, byte[] r, int roff, int rlen,
      byte[] f, int foff, int flen, Scratch out) {
    return compiled("REGEXP_REPLACE", p, poff, plen, f, foff, flen, out).replace(b, off, len, r, roff, rlen, out);
  }

  /**
   * The pattern compiled with PostgreSQL's flags, kept in the call site's scratch buffer while the
   * pattern and the flags stay the same; {@code function} names the caller in errors.
   */
  static RegexReplace compiled(String function, byte[] p, int poff, int plen, byte[] f, int foff, int flen,
      Scratch memo) {
    long flags = flags(function, f, foff, flen);
    RegexReplace compiled = Memo.find(memo, RegexReplace.class, p, poff, plen, flags);
    if (compiled == null) {
      compiled = Memo.keep(memo, p, poff, plen, flags,
          compile(function, new String(p, poff, plen, StandardCharsets.UTF_8), flags));
    }
    return compiled;
  }

  /** Whether the pattern matches somewhere in the text. */
  boolean find(byte[] b, int off, int len) {
    int chars = decode(b, off, len);
    view.limit(chars).position(0);
    matcher.reset(view);
    return matcher.find();
  }

  /** How many times the pattern matches in the text, the matches not overlapping. */
  long count(byte[] b, int off, int len) {
    int chars = decode(b, off, len);
    view.limit(chars).position(0);
    matcher.reset(view);
    long n = 0;
    while (matcher.find()) {
      n++;
    }
    return n;
  }

  /**
   * The matcher over the text, decoded into this call site's buffer ({@link #text}), searching from
   * the {@code from}-th character (0-based; {@code ^} still matches only at the text's start), or
   * null when the text has fewer characters.
   */
  Matcher over(byte[] b, int off, int len, long from) {
    int chars = decode(b, off, len);
    view.limit(chars).position(0);
    matcher.reset(view);
    int start = 0;
    for (long c = 0; c < from; c++) {
      if (start >= chars) {
        return null;
      }
      start += Character.isHighSurrogate(text[start]) && start + 1 < chars ? 2 : 1;
    }
    if (start > chars) {
      return null;
    }
    matcher.useAnchoringBounds(false).useTransparentBounds(true).region(start, chars);
    return matcher;
  }

  /** The chars {@link #over} decoded. */
  char[] text() {
    return text;
  }

  /** The result of a function built here, emptied; {@link #writeResult} writes it out. */
  StringBuilder newResult() {
    result.setLength(0);
    return result;
  }

  /** Writes {@link #newResult}'s text into {@code out} as UTF-8; returns the length. */
  int writeResult(Scratch out) {
    return encode(out);
  }

  /** Whether flag g was given (REGEXP_LIKE and REGEXP_COUNT refuse it, as PostgreSQL does). */
  boolean global() {
    return global;
  }

  private static final long GLOBAL = 1L << 40;

  /** Java's pattern flags for PostgreSQL's, with {@link #GLOBAL} for {@code g}. */
  private static long flags(String function, byte[] f, int off, int len) {
    long flags = Pattern.DOTALL;
    for (int i = 0; i < len; i++) {
      switch (f[off + i]) {
        case 'g':
          flags |= GLOBAL;
          break;
        case 'i':
          flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
          break;
        case 'c':
          flags &= ~(Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
          break;
        case 'n':
        case 'm':
          flags = flags & ~Pattern.DOTALL | Pattern.MULTILINE;
          break;
        case 's':
          flags = flags & ~Pattern.MULTILINE | Pattern.DOTALL;
          break;
        case 'p':
          flags &= ~(Pattern.DOTALL | Pattern.MULTILINE);
          break;
        case 'w':
          flags |= Pattern.DOTALL | Pattern.MULTILINE;
          break;
        case 'x':
          flags |= Pattern.COMMENTS;
          break;
        case 'q':
          flags |= Pattern.LITERAL;
          break;
        default:
          throw new SluiceException(ErrorCode.INVALID_ARGUMENT, function + ": invalid regular expression option: \""
              + new String(f, off + i, Strings.sequenceLength(f[off + i]), StandardCharsets.UTF_8)
              + "\" (g, i, c, n, m, s, p, w, x, q)");
      }
    }
    return flags;
  }

  private static RegexReplace compile(String function, String pattern, long flags) {
    try {
      return new RegexReplace(Pattern.compile(pattern, (int) flags), (flags & GLOBAL) != 0);
    } catch (PatternSyntaxException e) {
      throw new SluiceException(ErrorCode.INVALID_ARGUMENT, function + ": invalid regular expression '" + pattern
          + "': " + e.getDescription());
    }
  }

  private int replace(byte[] b, int off, int len, byte[] r, int roff, int rlen, Scratch out) {
    int chars = decode(b, off, len);
    view.limit(chars).position(0);
    matcher.reset(view);
    result.setLength(0);
    int copied = 0;
    while (matcher.find()) {
      result.append(text, copied, matcher.start() - copied);
      appendReplacement(r, roff, rlen);
      copied = matcher.end();
      if (!global) {
        break;
      }
    }
    result.append(text, copied, chars - copied);
    return encode(out);
  }

  private void appendReplacement(byte[] r, int off, int len) {
    for (int i = 0; i < len; i++) {
      byte c = r[off + i];
      if (c == '\\' && i + 1 < len) {
        byte next = r[off + i + 1];
        if (next >= '1' && next <= '9' || next == '&') {
          int group = next == '&' ? 0 : next - '0';
          if (group <= matcher.groupCount() && matcher.start(group) >= 0) {
            result.append(text, matcher.start(group), matcher.end(group) - matcher.start(group));
          }
          i++;
          continue;
        }
        if (next == '\\') {
          result.append('\\');
          i++;
          continue;
        }
      }
      if (c >= 0) {
        result.append((char) c);
      } else { // a multi-byte character of the replacement
        int n = Strings.sequenceLength(c);
        result.append(new String(r, off + i, Math.min(n, len - i), StandardCharsets.UTF_8));
        i += n - 1;
      }
    }
  }

  /** Decodes UTF-8 into {@link #text}; returns the number of chars. */
  private int decode(byte[] b, int off, int len) {
    if (text.length < len) { // a character takes at most as many chars as it has bytes
      text = new char[Math.max(len, 2 * text.length)];
      view = CharBuffer.wrap(text);
    }
    int n = 0;
    for (int i = 0; i < len; ) {
      int c = b[off + i] & 0xff;
      int cp;
      if (c < 0x80) {
        cp = c;
        i++;
      } else if (c < 0xe0 && i + 1 < len) {
        cp = (c & 0x1f) << 6 | b[off + i + 1] & 0x3f;
        i += 2;
      } else if (c < 0xf0 && i + 2 < len) {
        cp = (c & 0x0f) << 12 | (b[off + i + 1] & 0x3f) << 6 | b[off + i + 2] & 0x3f;
        i += 3;
      } else if (i + 3 < len) {
        cp = (c & 0x07) << 18 | (b[off + i + 1] & 0x3f) << 12 | (b[off + i + 2] & 0x3f) << 6 | b[off + i + 3] & 0x3f;
        i += 4;
      } else {
        cp = 0xfffd;
        i++;
      }
      n += Character.toChars(cp, text, n);
    }
    return n;
  }

  /** Encodes {@link #result} as UTF-8 into {@code out}; returns the length. */
  private int encode(Scratch out) {
    int length = result.length();
    byte[] buf = out.ensure(3 * length);
    int at = 0;
    for (int i = 0; i < length; i++) {
      char c = result.charAt(i);
      if (c < 0x80) {
        buf[at++] = (byte) c;
      } else if (c < 0x800) {
        buf[at++] = (byte) (0xc0 | c >> 6);
        buf[at++] = (byte) (0x80 | c & 0x3f);
      } else if (Character.isHighSurrogate(c) && i + 1 < length) {
        int cp = Character.toCodePoint(c, result.charAt(++i));
        buf[at++] = (byte) (0xf0 | cp >> 18);
        buf[at++] = (byte) (0x80 | cp >> 12 & 0x3f);
        buf[at++] = (byte) (0x80 | cp >> 6 & 0x3f);
        buf[at++] = (byte) (0x80 | cp & 0x3f);
      } else {
        buf[at++] = (byte) (0xe0 | c >> 12);
        buf[at++] = (byte) (0x80 | c >> 6 & 0x3f);
        buf[at++] = (byte) (0x80 | c & 0x3f);
      }
    }
    return at;
  }
}
