package io.sluice.engine.connector.files;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads JSON lines into a {@link RowAssembler}: each line is one object whose fields are
 * matched to columns by name, ignoring case. Values are staged as UTF-8 text and decoded like
 * CSV fields, so both formats coerce alike; nested values become their JSON text.
 */
final class JsonScan {
  static final JsonFactory FACTORY = new JsonFactory();

  private final TableSchema schema;
  /** The longest line read; a longer one is rejected and skipped without being kept. */
  private final int maxLineSize;
  private final int corruptIndex;
  private final RowAssembler assembler;
  /** Field names as the parser returns them (canonical strings) to column index, -1 if none. */
  private final Map<String, Integer> columnByName = new HashMap<>();
  private byte[] stage = new byte[256];
  private int staged;
  private final ByteArrayOutputStream nested = new ByteArrayOutputStream();
  /** What makes the record being read no text (a lone surrogate escape), or null; and its field. */
  private String textProblem;
  private int textProblemColumn;

  JsonScan(TableSchema schema, int corruptIndex, RowAssembler assembler, int maxLineSize) {
    this.maxLineSize = maxLineSize;
    this.schema = schema;
    this.corruptIndex = corruptIndex;
    this.assembler = assembler;
    for (int c = 0; c < schema.size(); c++) {
      assembler.position[c] = c + 1;
    }
    this.flat = new FlatJsonObjectReader(schema, corruptIndex, assembler);
  }

  /** Reads flat objects without a parser; Jackson reads what it declines. */
  private final FlatJsonObjectReader flat;

  void scan(Path file) {
    scan(file, TextRange.whole());
  }

  /** Reads the lines of {@code range} of {@code file}, and notes in it where the reading ended and the lines and rows it read. */
  void scan(Path file, TextRange range) {
    assembler.startFile(file.toString(), range.linesBefore, range.rowsBefore);
    try (InputStream in = range.open(file)) {
      byte[] buffer = new byte[1 << 16];
      int limit = 0;
      int position = 0;
      /* the offset in the file of buffer[0] */
      long base = range.start;
      long line = 0;
      boolean eof = false;
      boolean skipping = false;
      int searched = position;
      while (true) {
        int newline = -1;
        for (int i = searched; i < limit; i++) {
          if (buffer[i] == '\n') {
            newline = i;
            break;
          }
        }
        searched = limit;
        if (skipping) {
          // the rest of a line too long: dropped as it is read
          if (newline >= 0) {
            skipping = false;
            position = newline + 1;
            searched = position;
            continue;
          }
          base += limit;
          position = 0;
          limit = 0;
          searched = 0;
          int n = in.read(buffer, 0, buffer.length);
          if (n < 0) {
            break;
          }
          limit = n;
          continue;
        }
        if ((newline < 0 ? limit : newline) - position > maxLineSize) {
          if (base + position > range.limit) {
            break;
          }
          line++;
          RowAssembler rows = assembler;
          rows.line = line;
          rows.rawSource = buffer;
          rows.rawStart = position;
          rows.rawEnd = position + Math.min(limit - position, 4096);
          rows.reject(FilesOptions.lineTooLong(maxLineSize));
          if (newline >= 0) {
            position = newline + 1;
          } else {
            skipping = true;
            position = limit;
          }
          searched = position;
          continue;
        }
        if (newline < 0 && !eof) {
          if (position > 0) {
            base += position;
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            searched -= position;
            position = 0;
          }
          if (limit == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
          }
          int n = in.read(buffer, limit, buffer.length - limit);
          if (n < 0) {
            eof = true;
          } else {
            limit += n;
          }
          continue;
        }
        if (newline < 0 && position >= limit || base + position > range.limit) {
          break;
        }
        int lineEnd = newline < 0 ? limit : newline;
        line++;
        int contentEnd = lineEnd;
        if (contentEnd > position && buffer[contentEnd - 1] == '\r') {
          contentEnd--;
        }
        readLine(buffer, position, contentEnd, line);
        position = newline < 0 ? limit : newline + 1;
        searched = position;
      }
      range.end = base + position;
      range.lines = line;
      range.rows = assembler.rowsInFile();
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Cannot read file '" + file + "': " + e.getMessage(), e);
    }
  }

  void readLine(byte[] buffer, int start, int end, long line) throws IOException {
    int first = start;
    while (first < end && (buffer[first] == ' ' || buffer[first] == '\t')) {
      first++;
    }
    if (first == end) {
      return; // blank line
    }
    RowAssembler rows = assembler;
    rows.clearFields();
    rows.line = line;
    rows.rawSource = buffer;
    rows.rawStart = start;
    rows.rawEnd = end;
    staged = 0;
    // the flat reader takes only valid UTF-8, so the line is checked apart only when it declines
    if (readFlat(buffer, start, end)) {
      return;
    }
    String problem = rows.utf8Problem();
    if (problem != null) {
      rows.clearFields();
      rows.source = stage;
      rows.addRow(problem, rows.invalidColumn);
      return;
    }
    readParsed(buffer, start, end);
  }

  /**
   * Reads the JSON object of {@code buffer[start, end)} into a row of the assembler, whose record
   * (line, raw text) the caller has set: for records whose rows are objects inside an envelope.
   */
  void readObject(byte[] buffer, int start, int end) throws IOException {
    assembler.clearFields();
    if (!readFlat(buffer, start, end)) {
      readParsed(buffer, start, end);
    }
  }

  /** Reads a flat object without a parser into a row; false, with the fields to clear, when the reader declines it. */
  private boolean readFlat(byte[] buffer, int start, int end) {
    if (!flat.read(buffer, start, end)) {
      return false;
    }
    assembler.source = flat.source();
    assembler.addRow(null);
    return true;
  }

  /** Reads the object with Jackson: what the flat reader declines, with its errors. */
  private void readParsed(byte[] buffer, int start, int end) throws IOException {
    RowAssembler rows = assembler;
    rows.clearFields();
    staged = 0;
    textProblem = null;
    String problem = null;
    try (JsonParser parser = FACTORY.createParser(buffer, start, end - start)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        problem = "the line is not a JSON object";
      } else {
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
          int c = column(parser.currentName());
          JsonToken value = parser.nextToken();
          if (c < 0) {
            parser.skipChildren();
            continue;
          }
          stageValue(parser, value, c);
        }
        if (token != JsonToken.END_OBJECT) {
          problem = "the JSON object is not complete";
        } else if (parser.nextToken() != null) {
          problem = "text follows the JSON object";
        }
      }
    } catch (JsonProcessingException e) {
      problem = "invalid JSON (" + e.getOriginalMessage() + ")";
    }
    long problemColumn = 0;
    if (problem == null && textProblem != null) {
      problem = textProblem;
      problemColumn = textProblemColumn;
    }
    if (problem != null) {
      rows.clearFields();
    }
    rows.source = stage;
    rows.addRow(problem, problemColumn);
  }

  private void stageValue(JsonParser parser, JsonToken value, int c) throws IOException {
    RowAssembler rows = assembler;
    switch (value) {
      case VALUE_NULL:
        rows.kind[c] = RowAssembler.NULL;
        return;
      case VALUE_STRING:
        stageChars(c, parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength(), RowAssembler.QUOTED);
        return;
      case START_OBJECT:
      case START_ARRAY: {
        nested.reset();
        try (JsonGenerator generator = FACTORY.createGenerator(nested)) {
          generator.copyCurrentStructure(parser);
        }
        int length = nested.size();
        ensureStage(length);
        byte[] bytes = nested.toByteArray();
        System.arraycopy(bytes, 0, stage, staged, length);
        rows.start[c] = staged;
        rows.end[c] = staged + length;
        rows.kind[c] = RowAssembler.QUOTED;
        staged += length;
        return;
      }
      default:
        // numbers and booleans: their text as written
        stageChars(c, parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength(), RowAssembler.PLAIN);
    }
  }

  private void ensureStage(int more) {
    if (staged + more > stage.length) {
      stage = Arrays.copyOf(stage, Math.max(staged + more, stage.length * 2));
    }
  }

  /** Encodes characters as UTF-8 into the stage. */
  private void stageChars(int c, char[] chars, int offset, int length, byte kind) {
    ensureStage(length * 3);
    byte[] out = stage;
    int p = staged;
    for (int i = offset; i < offset + length; i++) {
      char ch = chars[i];
      if (ch < 0x80) {
        out[p++] = (byte) ch;
      } else if (ch < 0x800) {
        out[p++] = (byte) (0xC0 | (ch >> 6));
        out[p++] = (byte) (0x80 | (ch & 0x3F));
      } else if (Character.isHighSurrogate(ch) && i + 1 < offset + length
          && Character.isLowSurrogate(chars[i + 1])) {
        int codePoint = Character.toCodePoint(ch, chars[++i]);
        out[p++] = (byte) (0xF0 | (codePoint >> 18));
        out[p++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
        out[p++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
        out[p++] = (byte) (0x80 | (codePoint & 0x3F));
      } else {
        if (Character.isSurrogate(ch) && textProblem == null) {
          // a lone surrogate (an escape such as \uD800 without its pair) has no UTF-8 form
          textProblem = String.format(java.util.Locale.ROOT, "a lone surrogate \\u%04X is no Unicode character",
              (int) ch);
          textProblemColumn = c + 1;
        }
        out[p++] = (byte) (0xE0 | (ch >> 12));
        out[p++] = (byte) (0x80 | ((ch >> 6) & 0x3F));
        out[p++] = (byte) (0x80 | (ch & 0x3F));
      }
    }
    assembler.start[c] = staged;
    assembler.end[c] = p;
    assembler.kind[c] = kind;
    staged = p;
  }

  private int column(String name) {
    Integer index = columnByName.get(name);
    if (index == null) {
      int found = schema.indexOf(name);
      index = found == corruptIndex ? -1 : found;
      columnByName.put(name, index);
    }
    return index;
  }
}
