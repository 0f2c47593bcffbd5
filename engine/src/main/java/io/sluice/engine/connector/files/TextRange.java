package io.sluice.engine.connector.files;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The part of a text file a reader reads: the rows that begin from {@link #start} (where a row
 * begins) up to {@link #limit}, the last one read to its end past the limit; and, once read,
 * where the reading ended (where the first row past the limit begins, or the end of the file)
 * and how many lines and rows it read.
 */
final class TextRange {
  private static final int SEARCH_BYTES = 64 * 1024;

  final long start;
  final long limit;
  /** Lines and rows of the file before {@link #start}, where known: what the errors and rejected rows of the range add. */
  long linesBefore;
  long rowsBefore;
  /** Where the reading ended: the offset of the first row that begins past {@link #limit}, or the end of the file. */
  long end;
  /** Lines read, counted as a reader of the whole file counts them. */
  long lines;
  /** Rows given (kept ones included, dropped ones not). */
  long rows;

  TextRange(long start, long limit) {
    this.start = start;
    this.limit = limit;
  }

  /** The whole file. */
  static TextRange whole() {
    return new TextRange(0, Long.MAX_VALUE);
  }

  /** An input stream over {@code file} from {@link #start}. */
  InputStream open(Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      channel.position(start);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    return Channels.newInputStream(channel);
  }

  /**
   * Where the first line of {@code file} that begins at or after {@code offset} + 1 begins: just
   * past the first line break at or after {@code offset}; 0 for offset 0, the file's size when no
   * line break follows.
   */
  static long lineStartAfter(Path file, long offset) {
    if (offset == 0) {
      return 0;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(SEARCH_BYTES);
      long at = offset;
      while (true) {
        buffer.clear();
        int n = channel.read(buffer, at);
        if (n < 0) {
          return Math.max(offset, channel.size());
        }
        byte[] bytes = buffer.array();
        for (int i = 0; i < n; i++) {
          if (bytes[i] == '\n') {
            return at + i + 1;
          }
        }
        at += n;
      }
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Cannot read file '" + file + "': " + e.getMessage(), e);
    }
  }
}
