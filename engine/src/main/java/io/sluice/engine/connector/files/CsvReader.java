package io.sluice.engine.connector.files;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Splits CSV bytes into records and fields (RFC 4180: quoted fields, doubled quotes, line
 * breaks inside quotes) without copying: fields are ranges of {@link #buffer}, valid until the
 * next call to {@link #next}.
 *
 * <p>Fields are searched eight bytes at a time: a little-endian long is read from the buffer
 * and the bytes equal to the delimiter, a line break or the quote are found with carry-free
 * bit arithmetic, so long text fields cost about one step per word instead of one per byte.
 *
 * <p>A record holds at most {@code maxRecordBytes}: a longer line is returned as a {@link
 * #tooLong} record holding its first bytes, and the rest of it is skipped without being kept. A
 * quoted field may span lines, up to that bound; a quote still open at the bound or at the end
 * of the input makes the record's first line a {@link #quoteNotClosed} record, and reading goes
 * on at the line after it, so one stray quote costs one line.
 */
final class CsvReader {
  /** An unquoted field. */
  static final byte PLAIN = 0;
  /** A quoted field without doubled quotes inside. */
  static final byte QUOTED = 1;
  /** A quoted field with doubled quotes, to be unescaped. */
  static final byte ESCAPED = 2;

  private static final int NEED_MORE = 0;
  private static final int RECORD = 1;
  private static final int END = 2;

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long LOW_SEVEN_BITS = 0x7F7F7F7F7F7F7F7FL;
  private static final long NEWLINES = broadcast((byte) '\n');
  private static final long RETURNS = broadcast((byte) '\r');

  private final InputStream in;
  private final byte delimiter;
  private final int quote;
  /** Whether fields may be quoted: without it a byte 0xFF must not pass for a quote of -1. */
  private final boolean quoting;
  /** The delimiter and the quote in every byte of a long. */
  private final long delimiters;
  private final long quotes;
  byte[] buffer;
  private int limit;
  private int position;
  private boolean eof;
  /** The offset in the input of {@code buffer[0]}: the input may start part-way into a file. */
  private long base;
  /** Where the file's first record begins after its byte order mark, or -1 without one. */
  private long afterByteOrderMark = -1;

  int fieldCount;
  int[] fieldStart = new int[16];
  int[] fieldEnd = new int[16];
  byte[] fieldKind = new byte[16];
  /** The record's bytes without its line break. */
  int recordStart;
  int recordEnd;
  /** Text after a closing quote. */
  boolean badQuoting;
  /** The record is the first line of one whose quoted field is not closed (no fields). */
  boolean quoteNotClosed;
  /** The record is the start of a line longer than the limit (no fields); the rest is skipped. */
  boolean tooLong;
  private final int maxRecordBytes;
  /** The rest of a line too long is still to be skipped. */
  private boolean skipping;
  /** 1-based line where the current record starts. */
  long line;
  private long nextLine = 1;

  CsvReader(InputStream in, byte delimiter, int quote, int bufferSize) {
    this(in, delimiter, quote, bufferSize, FilesOptions.DEFAULT_MAX_LINE_SIZE);
  }

  CsvReader(InputStream in, byte delimiter, int quote, int bufferSize, int maxRecordBytes) {
    this(in, delimiter, quote, bufferSize, maxRecordBytes, 0);
  }

  /**
   * A reader of {@code in}, whose first byte lies at {@code startOffset} of its file; a byte order
   * mark is looked for only at offset 0. {@code startOffset} must be where a record begins.
   */
  CsvReader(InputStream in, byte delimiter, int quote, int bufferSize, int maxRecordBytes, long startOffset) {
    this.in = in;
    this.base = startOffset;
    this.maxRecordBytes = maxRecordBytes;
    this.delimiter = delimiter;
    this.quote = quote;
    this.delimiters = broadcast(delimiter);
    this.quoting = quote >= 0;
    this.quotes = quoting ? broadcast((byte) quote) : 0;
    this.buffer = new byte[bufferSize];
  }

  /**
   * Makes {@code bytes[offset, offset + length)} the whole input, for text held in memory (a
   * message's value); the reader then reads no stream. The bytes are not copied.
   */
  void resetTo(byte[] bytes, int offset, int length) {
    buffer = bytes;
    position = offset;
    limit = offset + length;
    base = -offset;
    eof = true;
    nextLine = 1;
    skipping = false;
  }

  private static long broadcast(byte value) {
    return (value & 0xFFL) * 0x0101010101010101L;
  }

  /**
   * The high bit of each byte of {@code word} that equals the byte repeated in {@code pattern},
   * all other bits clear. Exact for every byte: no carry crosses from one byte to the next.
   */
  private static long equalBytes(long word, long pattern) {
    long x = word ^ pattern;
    return ~(((x & LOW_SEVEN_BITS) + LOW_SEVEN_BITS) | x | LOW_SEVEN_BITS);
  }

  /** The position of the first delimiter, CR or LF in {@code [p, end)}, or {@code end}. */
  private int plainFieldEnd(byte[] b, int p, int end) {
    long delimiters = this.delimiters;
    while (p <= end - Long.BYTES) {
      long word = (long) LONGS.get(b, p);
      long found = equalBytes(word, delimiters) | equalBytes(word, NEWLINES) | equalBytes(word, RETURNS);
      if (found != 0) {
        return p + (Long.numberOfTrailingZeros(found) >>> 3);
      }
      p += Long.BYTES;
    }
    byte delimiter = this.delimiter;
    while (p < end) {
      byte c = b[p];
      if (c == delimiter || c == '\n' || c == '\r') {
        return p;
      }
      p++;
    }
    return end;
  }

  /** The position of the first quote or LF in {@code [p, end)}, or {@code end}. */
  private int quoteOrNewline(byte[] b, int p, int end) {
    long quotes = this.quotes;
    while (p <= end - Long.BYTES) {
      long word = (long) LONGS.get(b, p);
      long found = equalBytes(word, quotes) | equalBytes(word, NEWLINES);
      if (found != 0) {
        return p + (Long.numberOfTrailingZeros(found) >>> 3);
      }
      p += Long.BYTES;
    }
    while (p < end) {
      byte c = b[p];
      if (c == quote || c == '\n') {
        return p;
      }
      p++;
    }
    return end;
  }

  /** Moves to the next record; false at the end of input. */
  boolean next() throws IOException {
    if (skipping && !skipRestOfLine()) {
      return false;
    }
    while (true) {
      int result = tokenize();
      if (result == RECORD) {
        return true;
      }
      if (result == END) {
        return false;
      }
      if (limit - position > maxRecordBytes) {
        return overLimit();
      }
      if (!fill()) {
        eof = true;
      }
    }
  }

  /**
   * The record from {@link #position} has more than {@link #maxRecordBytes} and has not ended. A
   * line break inside it means a quoted field is open: its first line is the bad record. Without
   * one, the line itself is too long: its first bytes are the record, the rest is skipped.
   */
  private boolean overLimit() {
    for (int i = position; i < limit; i++) {
      if (buffer[i] == '\n') {
        return firstLineNotClosed();
      }
    }
    recordStart = position;
    recordEnd = position + Math.min(limit - position, 4096);
    position = limit;
    setBadRecord();
    tooLong = true;
    skipping = true;
    return true;
  }

  /** Drops input up to and including the next line break; false if the input ends first. */
  private boolean skipRestOfLine() throws IOException {
    skipping = false;
    while (true) {
      for (int i = position; i < limit; i++) {
        if (buffer[i] == '\n') {
          position = i + 1;
          return true;
        }
      }
      base += limit;
      position = 0;
      limit = 0;
      int n = in.read(buffer, 0, buffer.length);
      if (n < 0) {
        eof = true;
        return false;
      }
      limit = n;
    }
  }

  /** Makes the first line of the record at {@link #position} a record whose quote is not closed. */
  private boolean firstLineNotClosed() {
    int p = position;
    while (p < limit && buffer[p] != '\n') {
      p++;
    }
    recordStart = position;
    recordEnd = p > position && buffer[p - 1] == '\r' ? p - 1 : p;
    position = Math.min(p + 1, limit);
    setBadRecord();
    quoteNotClosed = true;
    return true;
  }

  private void setBadRecord() {
    fieldCount = 0;
    badQuoting = false;
    quoteNotClosed = false;
    tooLong = false;
    line = nextLine;
    nextLine++;
  }

  /** The offset in the file (or in the bytes of {@link #resetTo}) where the current record begins. */
  long recordOffset() {
    long offset = base + recordStart;
    return offset == afterByteOrderMark ? 0 : offset; // the mark belongs to the first record
  }

  /** The offset in the file just past the input read so far: at the end of input, where it ended. */
  long endOffset() {
    return base + limit;
  }

  /** Lines read so far: those of every record returned, their quoted line breaks included. */
  long linesRead() {
    return nextLine - 1;
  }

  /** Whether the record is an empty line. */
  boolean isBlankLine() {
    return fieldCount == 1 && fieldKind[0] == PLAIN && fieldStart[0] == fieldEnd[0];
  }

  private boolean fill() throws IOException {
    boolean first = limit == 0 && position == 0 && nextLine == 1 && base == 0;
    if (position > 0) {
      base += position;
      System.arraycopy(buffer, position, buffer, 0, limit - position);
      limit -= position;
      position = 0;
    }
    if (limit == buffer.length) {
      buffer = Arrays.copyOf(buffer, buffer.length * 2); // a record longer than the buffer
    }
    int n = in.read(buffer, limit, buffer.length - limit);
    if (n < 0) {
      return false;
    }
    limit += n;
    if (first && limit >= 3 && buffer[0] == (byte) 0xEF && buffer[1] == (byte) 0xBB && buffer[2] == (byte) 0xBF) {
      position = 3; // UTF-8 byte order mark
      afterByteOrderMark = 3;
    }
    return true;
  }

  /**
   * Scans one record from {@link #position}. When the buffer ends before the record does, asks
   * for more input and is run again from the start of the record.
   */
  private int tokenize() {
    int p = position;
    if (p >= limit) {
      return eof ? END : NEED_MORE;
    }
    final byte[] b = buffer;
    final int end = limit;
    final byte delimiter = this.delimiter;
    int fields = 0;
    int newlines = 0;
    boolean bad = false;
    while (true) {
      if (fields == fieldStart.length) {
        fieldStart = Arrays.copyOf(fieldStart, fields * 2);
        fieldEnd = Arrays.copyOf(fieldEnd, fields * 2);
        fieldKind = Arrays.copyOf(fieldKind, fields * 2);
      }
      if (quoting && p < end && b[p] == quote) {
        byte kind = QUOTED;
        int q = p + 1;
        while (true) {
          q = quoteOrNewline(b, q, end);
          if (q >= end) {
            if (!eof) {
              return NEED_MORE;
            }
            firstLineNotClosed(); // the quote is never closed
            return RECORD;
          }
          byte c = b[q];
          if (c == quote) {
            if (q + 1 >= end && !eof) {
              return NEED_MORE;
            }
            if (q + 1 < end && b[q + 1] == quote) {
              kind = ESCAPED;
              q += 2;
              continue;
            }
            break;
          }
          if (c == '\n') {
            newlines++;
          }
          q++;
        }
        fieldStart[fields] = p + 1;
        fieldEnd[fields] = Math.min(q, end);
        fieldKind[fields] = kind;
        p = Math.min(q + 1, end);
        while (p < end) {
          byte c = b[p];
          if (c == delimiter || c == '\n' || c == '\r') {
            break;
          }
          bad = true; // text after the closing quote
          p++;
        }
      } else {
        int start = p;
        p = plainFieldEnd(b, p, end);
        fieldStart[fields] = start;
        fieldEnd[fields] = p;
        fieldKind[fields] = PLAIN;
      }
      fields++;
      if (p >= end) {
        if (!eof) {
          return NEED_MORE;
        }
        recordEnd = p;
        break;
      }
      byte c = b[p];
      if (c == delimiter) {
        p++;
        continue;
      }
      recordEnd = p;
      if (c == '\r') {
        if (p + 1 >= end && !eof) {
          return NEED_MORE;
        }
        p++;
        if (p < end && b[p] == '\n') {
          p++;
        }
      } else {
        p++;
      }
      break;
    }
    if (recordEnd - position > maxRecordBytes) {
      if (newlines > 0) {
        firstLineNotClosed(); // a quoted field spans lines past the limit
        return RECORD;
      }
      recordStart = position;
      recordEnd = Math.min(recordEnd, position + 4096);
      position = p;
      setBadRecord();
      tooLong = true;
      return RECORD;
    }
    recordStart = position;
    position = p;
    fieldCount = fields;
    badQuoting = bad;
    quoteNotClosed = false;
    tooLong = false;
    line = nextLine;
    nextLine += 1 + newlines;
    return RECORD;
  }
}
