package io.sluice.engine.connector.files;

import io.sluice.catalog.TableSchema;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the common JSON record, one object whose values are strings, numbers, booleans or null,
 * straight from its UTF-8 bytes into a {@link RowAssembler}'s fields, with no parser object and no
 * allocation per record: a string's bytes are copied as they are (escapes decoded), a number's or
 * a boolean's text as written. Everything else it declines, before or midway ({@link #read}
 * returns false): a nested value, a name with escapes or non-ASCII letters that match no column
 * exactly, text that is not JSON or not valid UTF-8, anything after the object. The caller then
 * reads the record with Jackson, which gives those their meaning and their errors, so both paths
 * fill the same fields from the same text. (A Jackson parser per record was the largest cost of a
 * Kafka source's JSON: one record is one message, so it cannot be streamed as a file is.) A record
 * it takes is valid UTF-8 as a whole, so the caller checks the encoding only of those it declines.
 *
 * <p>A record whose matched strings have no escapes (nearly all) is not copied: the fields are
 * ranges of the record's own bytes ({@link #source}), so a Kafka record's value goes from the
 * consumer's array into the batch in one copy. A matched string with an escape makes the reader
 * read the record again into its stage, where escapes are decoded.
 */
final class FlatJsonObjectReader {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long QUOTES = ONES * '"';
  private static final long BACKSLASHES = ONES * '\\';
  private static final long SPACES = ONES * 0x20;
  /** Per column, its name's UTF-8 bytes; null for the corrupt-record column, which no field fills. */
  private final byte[][] names;
  /** Whether two column names are equal ignoring case, so that a name must be looked up from the first column. */
  private final boolean ambiguousNames;
  /**
   * Per column whose name is at most eight bytes of text that needs no escape, its length, its
   * name as a little-endian word and the mask of the name's bytes in a word; -1 as length for the
   * other columns. A field whose name is the next column's as written is matched with one comparison.
   */
  private final int[] wordNameLengths;
  private final long[] nameWords;
  private final long[] nameMasks;
  private final RowAssembler assembler;
  private byte[] stage = new byte[256];
  private int staged;
  /** Whether the fields being read are ranges of the record itself rather than of the stage. */
  private boolean direct;
  /** Set in direct mode when a matched string has an escape: the record must be read into the stage. */
  private boolean needsStage;
  /** The record last read, whose bytes the fields point into in direct mode. */
  private byte[] record;
  /** The column the last field matched: the next field is tried against the one after it first. */
  private int lastColumn = -1;

  FlatJsonObjectReader(TableSchema schema, int corruptIndex, RowAssembler assembler) {
    this.assembler = assembler;
    names = new byte[schema.size()][];
    boolean ambiguous = false;
    for (int c = 0; c < schema.size(); c++) {
      String name = schema.column(c).name();
      names[c] = c == corruptIndex ? null : name.getBytes(StandardCharsets.UTF_8);
      ambiguous |= schema.indexOf(name) != c;
    }
    ambiguousNames = ambiguous;
    wordNameLengths = new int[names.length];
    nameWords = new long[names.length];
    nameMasks = new long[names.length];
    for (int c = 0; c < names.length; c++) {
      wordNameLengths[c] = -1;
      byte[] name = names[c];
      if (name == null || name.length > Long.BYTES || ambiguous) {
        continue;
      }
      boolean plain = true;
      long word = 0;
      for (int i = 0; i < name.length; i++) {
        plain &= name[i] >= 0x20 && name[i] != '"' && name[i] != '\\';
        word |= (name[i] & 0xFFL) << (8 * i);
      }
      if (plain) {
        wordNameLengths[c] = name.length;
        nameWords[c] = word;
        nameMasks[c] = name.length == Long.BYTES ? -1L : (1L << (8 * name.length)) - 1;
      }
    }
  }

  /** The bytes the fields' start and end point into after a {@link #read} that returned true. */
  byte[] source() {
    return direct ? record : stage;
  }

  /**
   * Reads the object of {@code b[start, end)} into the assembler's fields (cleared by the caller);
   * false when the record is not a flat JSON object this reader takes, with the fields then
   * partly written.
   */
  boolean read(byte[] b, int start, int end) {
    record = b;
    direct = true;
    needsStage = false;
    if (readObject(b, start, end)) {
      return true;
    }
    if (!needsStage) {
      return false;
    }
    direct = false; // every field is written again, now into the stage
    return readObject(b, start, end);
  }

  private boolean readObject(byte[] b, int start, int end) {
    staged = 0;
    int p = skipSpace(b, start, end);
    if (p >= end || b[p] != '{') {
      return false;
    }
    p = skipSpace(b, p + 1, end);
    if (p < end && b[p] == '}') {
      return skipSpace(b, p + 1, end) == end;
    }
    while (true) {
      if (p >= end || b[p] != '"') {
        return false;
      }
      int nameStart = p + 1;
      int column = nextColumnAsWritten(b, nameStart, end);
      int nameEnd;
      if (column >= 0) {
        nameEnd = nameStart + names[column].length;
      } else {
        nameEnd = nameStart;
        while (nameEnd < end && b[nameEnd] != '"') {
          if (b[nameEnd] == '\\' || (b[nameEnd] & 0xFF) < 0x20) {
            return false;
          }
          nameEnd++;
        }
        if (nameEnd >= end) {
          return false;
        }
        column = column(b, nameStart, nameEnd);
        if (column == DECLINED) {
          return false;
        }
      }
      p = skipSpace(b, nameEnd + 1, end);
      if (p >= end || b[p] != ':') {
        return false;
      }
      p = skipSpace(b, p + 1, end);
      p = value(b, p, end, column);
      if (p < 0) {
        return false;
      }
      p = skipSpace(b, p, end);
      if (p >= end) {
        return false;
      }
      if (b[p] == '}') {
        return skipSpace(b, p + 1, end) == end;
      }
      if (b[p] != ',') {
        return false;
      }
      p = skipSpace(b, p + 1, end);
    }
  }

  private static final int DECLINED = -2;

  /**
   * The column after the last one matched, when the name at {@code b[from]} is its name as
   * written followed by the closing quote (fields in the order of the columns, the common case),
   * else -1 for the full look-up. The same column the look-up would find: it starts there too.
   */
  private int nextColumnAsWritten(byte[] b, int from, int end) {
    int c = lastColumn + 1 == names.length ? 0 : lastColumn + 1;
    int length = wordNameLengths[c];
    if (length < 0 || from + Long.BYTES > end || from + length >= end || b[from + length] != '"'
        || ((long) LONGS.get(b, from) & nameMasks[c]) != nameWords[c]) {
      return -1;
    }
    lastColumn = c;
    return c;
  }

  /** The column named {@code b[from, to)} ignoring ASCII case, -1 for none, {@link #DECLINED} for a non-ASCII name none matches exactly. */
  private int column(byte[] b, int from, int to) {
    int n = names.length;
    int first = ambiguousNames ? 0 : lastColumn + 1;
    for (int i = 0; i < n; i++) {
      int c = (first + i) % n;
      if (names[c] != null && equalsIgnoreAsciiCase(names[c], b, from, to)) {
        lastColumn = c;
        return c;
      }
    }
    for (int i = from; i < to; i++) {
      if (b[i] < 0) {
        return DECLINED; // Unicode case folding: leave it to String.equalsIgnoreCase
      }
    }
    return -1;
  }

  private static boolean equalsIgnoreAsciiCase(byte[] name, byte[] b, int from, int to) {
    if (name.length != to - from) {
      return false;
    }
    if (Arrays.equals(name, 0, name.length, b, from, to)) {
      return true; // as written in the schema, the common case: one comparison of the whole name
    }
    for (int i = 0; i < name.length; i++) {
      int x = name[i];
      int y = b[from + i];
      if (x != y) {
        if (x < 0 || y < 0 || (x | 0x20) != (y | 0x20) || (x | 0x20) < 'a' || (x | 0x20) > 'z') {
          return false;
        }
      }
    }
    return true;
  }

  /** Reads the value at {@code p} into field {@code column} (none when -1); the index after it, or -1 to decline. */
  private int value(byte[] b, int p, int end, int column) {
    if (p >= end) {
      return -1;
    }
    byte first = b[p];
    if (first == '"') {
      return string(b, p + 1, end, column);
    }
    int after;
    byte kind = RowAssembler.PLAIN;
    if (first == 'n') {
      after = literal(b, p, end, NULL);
      kind = RowAssembler.NULL;
    } else if (first == 't') {
      after = literal(b, p, end, TRUE);
    } else if (first == 'f') {
      after = literal(b, p, end, FALSE);
    } else if (first == '-' || (first >= '0' && first <= '9')) {
      after = number(b, p, end);
    } else {
      return -1; // an object, an array, or not JSON
    }
    if (after < 0 || after < end && !endsValue(b[after])) {
      return -1;
    }
    if (column >= 0) {
      if (kind == RowAssembler.NULL) {
        assembler.kind[column] = RowAssembler.NULL;
      } else {
        copy(b, p, after, column, kind);
      }
    }
    return after;
  }

  private static final byte[] NULL = {'n', 'u', 'l', 'l'};
  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

  private static int literal(byte[] b, int p, int end, byte[] word) {
    if (end - p < word.length) {
      return -1;
    }
    for (int i = 0; i < word.length; i++) {
      if (b[p + i] != word[i]) {
        return -1;
      }
    }
    return p + word.length;
  }

  /** The end of the JSON number at {@code p} (RFC 8259: no leading zeros, no '+', digits after '.' and 'e'), or -1. */
  private static int number(byte[] b, int p, int end) {
    if (b[p] == '-') {
      p++;
    }
    if (p >= end || !digit(b[p])) {
      return -1;
    }
    if (b[p] == '0') {
      p++;
      if (p < end && digit(b[p])) {
        return -1;
      }
    } else {
      while (p < end && digit(b[p])) {
        p++;
      }
    }
    if (p < end && b[p] == '.') {
      p++;
      if (p >= end || !digit(b[p])) {
        return -1;
      }
      while (p < end && digit(b[p])) {
        p++;
      }
    }
    if (p < end && (b[p] == 'e' || b[p] == 'E')) {
      p++;
      if (p < end && (b[p] == '+' || b[p] == '-')) {
        p++;
      }
      if (p >= end || !digit(b[p])) {
        return -1;
      }
      while (p < end && digit(b[p])) {
        p++;
      }
    }
    return p;
  }

  private static boolean digit(byte c) {
    return c >= '0' && c <= '9';
  }

  private static boolean endsValue(byte c) {
    return c == ',' || c == '}' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  /** Reads the string whose text starts at {@code p} into field {@code column}; the index after its quote, or -1. */
  private int string(byte[] b, int p, int end, int column) {
    int from = p;
    boolean ascii = true;
    while (p < end) {
      p = skipPlainAscii(b, p, end);
      if (p >= end) {
        break;
      }
      byte c = b[p];
      if (c == '"') {
        if (!ascii && Utf8.firstInvalid(b, from, p) >= 0) {
          return -1;
        }
        if (column >= 0) {
          copy(b, from, p, column, RowAssembler.QUOTED);
        }
        return p + 1;
      }
      if (c == '\\') {
        return escapedString(b, from, end, column);
      }
      if (c < 0) {
        ascii = false;
      } else if (c < 0x20) {
        return -1;
      }
      p++;
    }
    return -1;
  }

  /**
   * The index of the first byte from {@code p} that is not plain ASCII text of a string (a quote, a
   * backslash, a control character or a byte of a multi-byte character), or one near {@code end}:
   * eight bytes a step, so the caller looks at each byte only where something happens.
   */
  private static int skipPlainAscii(byte[] b, int p, int end) {
    while (p <= end - Long.BYTES) {
      long word = (long) LONGS.get(b, p);
      long quote = word ^ QUOTES;
      long backslash = word ^ BACKSLASHES;
      // a byte is zero in (word ^ X) where it equals X; (x - ONES) & ~x has its high bit set there
      long special = ((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | ((word - SPACES) & ~word) | word;
      if ((special & HIGH_BITS) != 0) {
        return p;
      }
      p += Long.BYTES;
    }
    return p;
  }

  /** As {@link #string} for text with escapes, decoded into the stage. */
  private int escapedString(byte[] b, int from, int end, int column) {
    if (direct && column >= 0) {
      needsStage = true;
      return -1;
    }
    ensureStage(end - from);
    int out = staged;
    int p = from;
    int plainFrom = from;
    while (p < end) {
      byte c = b[p];
      if (c == '"') {
        if (Utf8.firstInvalid(b, from, p) >= 0) {
          return -1;
        }
        out = append(b, plainFrom, p, out);
        if (column >= 0) {
          assembler.start[column] = staged;
          assembler.end[column] = out;
          assembler.kind[column] = RowAssembler.QUOTED;
          staged = out;
        }
        return p + 1;
      }
      if (c >= 0 && c < 0x20) {
        return -1;
      }
      if (c != '\\') {
        p++;
        continue;
      }
      out = append(b, plainFrom, p, out);
      if (p + 1 >= end) {
        return -1;
      }
      byte e = b[p + 1];
      p += 2;
      switch (e) {
        case '"': case '\\': case '/':
          stage[out++] = e;
          break;
        case 'b': stage[out++] = '\b'; break;
        case 'f': stage[out++] = '\f'; break;
        case 'n': stage[out++] = '\n'; break;
        case 'r': stage[out++] = '\r'; break;
        case 't': stage[out++] = '\t'; break;
        case 'u': {
          if (p + 4 > end) {
            return -1;
          }
          int ch = 0;
          for (int i = 0; i < 4; i++) {
            int h = Character.digit(b[p + i], 16);
            if (h < 0) {
              return -1;
            }
            ch = ch << 4 | h;
          }
          p += 4;
          if (ch >= 0xD800 && ch <= 0xDFFF) {
            return -1; // surrogate pairs and lone surrogates: Jackson's way
          }
          if (ch < 0x80) {
            stage[out++] = (byte) ch;
          } else if (ch < 0x800) {
            stage[out++] = (byte) (0xC0 | (ch >> 6));
            stage[out++] = (byte) (0x80 | (ch & 0x3F));
          } else {
            stage[out++] = (byte) (0xE0 | (ch >> 12));
            stage[out++] = (byte) (0x80 | ((ch >> 6) & 0x3F));
            stage[out++] = (byte) (0x80 | (ch & 0x3F));
          }
          break;
        }
        default:
          return -1;
      }
      plainFrom = p;
    }
    return -1;
  }

  /** Appends {@code b[from, to)} to the stage at {@code out}, which has room (escapes only shrink text). */
  private int append(byte[] b, int from, int to, int out) {
    System.arraycopy(b, from, stage, out, to - from);
    return out + to - from;
  }

  private void copy(byte[] b, int from, int to, int column, byte kind) {
    if (direct) {
      assembler.start[column] = from;
      assembler.end[column] = to;
      assembler.kind[column] = kind;
      return;
    }
    int length = to - from;
    ensureStage(length);
    System.arraycopy(b, from, stage, staged, length);
    assembler.start[column] = staged;
    assembler.end[column] = staged + length;
    assembler.kind[column] = kind;
    staged += length;
  }

  private void ensureStage(int more) {
    if (staged + more > stage.length) {
      stage = Arrays.copyOf(stage, Math.max(staged + more, stage.length * 2));
    }
  }

  private static int skipSpace(byte[] b, int p, int end) {
    while (p < end && (b[p] == ' ' || b[p] == '\t' || b[p] == '\n' || b[p] == '\r')) {
      p++;
    }
    return p;
  }
}
