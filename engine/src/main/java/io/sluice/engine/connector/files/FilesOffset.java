package io.sluice.engine.connector.files;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A position of the {@code files} stream source, as the text a checkpoint records.
 *
 * <p>Files are taken in the order of a {@link Key}: (0, name) for name order, (modified time in
 * milliseconds, name) for modification order, (batch id, name) when following a sink's
 * manifest. The position is the key of the last file read completely ({@code done}) and, when
 * a row limit cut a file, that file's key and how many of its rows were read
 * ({@code partial}). The offset that ends a batch also lists exactly which files (and row
 * ranges) that batch reads, and the position it starts from: reading the batch again reads
 * those files, whatever has appeared in the folder since.
 *
 * <p>Text form, version 1 (JSON): {@code {"v":1,"order":"name","done":[0,"b.csv"],
 * "partial":[0,"c.csv",100],"from":{...position...},"files":[[0,"b.csv",0,-1],[0,"c.csv",0,100]]}};
 * a range's end -1 means the whole file.
 */
final class FilesOffset {
  static final int VERSION = 1;

  /** Where a file sorts in the source's order. */
  record Key(long major, String name) implements Comparable<Key> {
    @Override
    public int compareTo(Key other) {
      int c = Long.compare(major, other.major);
      return c != 0 ? c : name.compareTo(other.name);
    }
  }

  /** Rows {@code from} (inclusive) to {@code to} (exclusive, -1 for the end) of one file. */
  record FileRange(Key key, long from, long to) {
    boolean whole() {
      return from == 0 && to < 0;
    }
  }

  /** The order name: name, modified or manifest; null before the first file. */
  final String order;
  /** The last file read completely, or null. */
  final Key done;
  /** A file read in part, after {@link #done}, or null. */
  final Key partial;
  final long partialRows;
  /** Of an offset that ends a batch: the start position and the files the batch reads; else null. */
  final FilesOffset from;
  final List<FileRange> files;

  FilesOffset(String order, Key done, Key partial, long partialRows, FilesOffset from, List<FileRange> files) {
    this.order = order;
    this.done = done;
    this.partial = partial;
    this.partialRows = partialRows;
    this.from = from;
    this.files = files == null ? null : List.copyOf(files);
  }

  static final FilesOffset INITIAL = new FilesOffset(null, null, null, 0, null, null);

  /** The position alone, without the batch it ends. */
  FilesOffset position() {
    return from == null ? this : new FilesOffset(order, done, partial, partialRows, null, null);
  }

  /** Whether two offsets are at the same place in the input. */
  boolean samePosition(FilesOffset other) {
    return Objects.equals(done, other.done) && Objects.equals(partial, other.partial)
        && partialRows == other.partialRows;
  }

  String text() {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = JsonScan.FACTORY.createGenerator(out)) {
      write(generator, true);
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.INTERNAL_ERROR, "Cannot encode a files offset: " + e.getMessage(), e);
    }
    return out.toString();
  }

  private void write(JsonGenerator generator, boolean top) throws IOException {
    generator.writeStartObject();
    if (top) {
      generator.writeNumberField("v", VERSION);
    }
    if (order != null) {
      generator.writeStringField("order", order);
    }
    if (done != null) {
      generator.writeFieldName("done");
      writeKey(generator, done, -1);
    }
    if (partial != null) {
      generator.writeFieldName("partial");
      writeKey(generator, partial, partialRows);
    }
    if (from != null) {
      generator.writeFieldName("from");
      from.write(generator, false);
    }
    if (files != null) {
      generator.writeArrayFieldStart("files");
      for (FileRange range : files) {
        generator.writeStartArray();
        generator.writeNumber(range.key().major());
        generator.writeString(range.key().name());
        generator.writeNumber(range.from());
        generator.writeNumber(range.to());
        generator.writeEndArray();
      }
      generator.writeEndArray();
    }
    generator.writeEndObject();
  }

  private static void writeKey(JsonGenerator generator, Key key, long rows) throws IOException {
    generator.writeStartArray();
    generator.writeNumber(key.major());
    generator.writeString(key.name());
    if (rows >= 0) {
      generator.writeNumber(rows);
    }
    generator.writeEndArray();
  }

  static FilesOffset parse(String text, String source) {
    if (text == null || text.isBlank()) {
      return INITIAL;
    }
    try (JsonParser parser = JsonScan.FACTORY.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw bad(text, source, "not a JSON object");
      }
      return read(parser, text, source, true);
    } catch (IOException e) {
      throw bad(text, source, e.getMessage());
    }
  }

  private static FilesOffset read(JsonParser parser, String text, String source, boolean top) throws IOException {
    long version = top ? -1 : VERSION;
    String order = null;
    Key done = null;
    Key partial = null;
    long partialRows = 0;
    FilesOffset from = null;
    List<FileRange> files = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "v":
          version = parser.getLongValue();
          break;
        case "order":
          order = parser.getText();
          break;
        case "done":
          done = readKey(parser, text, source, null);
          break;
        case "partial": {
          long[] rows = new long[1];
          partial = readKey(parser, text, source, rows);
          partialRows = rows[0];
          break;
        }
        case "from":
          if (value != JsonToken.START_OBJECT) {
            throw bad(text, source, "'from' is not an object");
          }
          from = read(parser, text, source, false);
          break;
        case "files":
          if (value != JsonToken.START_ARRAY) {
            throw bad(text, source, "'files' is not a list");
          }
          files = new ArrayList<>();
          while (parser.nextToken() == JsonToken.START_ARRAY) {
            parser.nextToken();
            long major = parser.getLongValue();
            parser.nextToken();
            String name = parser.getText();
            parser.nextToken();
            long rangeFrom = parser.getLongValue();
            parser.nextToken();
            long rangeTo = parser.getLongValue();
            if (parser.nextToken() != JsonToken.END_ARRAY) {
              throw bad(text, source, "a file range has more than four parts");
            }
            files.add(new FileRange(new Key(major, name), rangeFrom, rangeTo));
          }
          break;
        default:
          throw bad(text, source, "unknown field '" + field + "'");
      }
    }
    if (version != VERSION) {
      throw bad(text, source, version < 0 ? "no version" : "version " + version + " (this build reads " + VERSION + ")");
    }
    return new FilesOffset(order, done, partial, partialRows, from, files);
  }

  private static Key readKey(JsonParser parser, String text, String source, long[] rows) throws IOException {
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      throw bad(text, source, "a file position is not a list");
    }
    parser.nextToken();
    long major = parser.getLongValue();
    parser.nextToken();
    String name = parser.getText();
    JsonToken next = parser.nextToken();
    if (rows != null) {
      rows[0] = parser.getLongValue();
      next = parser.nextToken();
    }
    if (next != JsonToken.END_ARRAY) {
      throw bad(text, source, "a file position has too many parts");
    }
    return new Key(major, name);
  }

  private static SluiceException bad(String text, String source, String problem) {
    return new SluiceException(ErrorCode.INVALID_ARGUMENT, "Offset '" + text + "' is not an offset of source '"
        + source + "' (connector 'files'): " + problem + ".");
  }
}
