package io.sluice.engine.connector.files;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.stream.RowKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.IntConsumer;

/**
 * Reads Debezium change events ({@code format = 'debezium-json'}) into rows with kinds: an event's
 * {@code op} says what happened to a row of the captured table, {@code before} and {@code after}
 * hold the row as it was and as it is. {@code c} (create) and {@code r} (read, a snapshot) give
 * {@code +I} of {@code after}; {@code u} gives {@code -U} of {@code before} and {@code +U} of
 * {@code after}; {@code d} gives {@code -D} of {@code before}. The envelope may come bare or
 * wrapped with its schema ({@code {"schema": ..., "payload": {...}}}, Kafka Connect's JSON
 * converter with schemas enabled).
 *
 * <p>An update or delete needs {@code before} whole (PostgreSQL tables captured with
 * {@code REPLICA IDENTITY FULL}; MySQL's default full row image): without it nothing says what
 * to take back, and the event is malformed. Malformed events follow the source's mode as any
 * record does; an update is kept or dropped whole, never as one half. With {@code normalize}
 * (option {@code 'changelog.normalize'}) the rows go through a step that keeps each key's current
 * row: an update then needs no {@code before} and gives only {@code +U} of {@code after}, and a
 * delete's {@code before} needs only the key (PostgreSQL's default replica identity). A delete
 * whose {@code before} is null then takes the key from the record's key when the caller gives one
 * ({@link #setRecordKey}: Kafka's key, Debezium's key JSON, bare or in a schema/payload envelope).
 */
final class DebeziumJsonScan {
  private static final byte[] NOTHING = new byte[0];
  private static final String WHOLE_OLD_ROWS = " (capture the table's whole old rows, e.g. REPLICA IDENTITY FULL in"
      + " PostgreSQL, or set 'changelog.normalize' = 'true' to keep each key's current row)";

  private final JsonScan rows;
  private final RowAssembler assembler;
  private final Batch batch;
  private final byte[] kinds = new byte[Batch.DEFAULT_CAPACITY];
  private final Bytes before = new Bytes();
  private final Bytes after = new Bytes();
  /** The key of the record being read (Debezium's key JSON), or null when it has none or the caller has no keys. */
  private byte[] recordKey;
  private IntConsumer rowStart = row -> { };
  private boolean hasBefore;
  private boolean hasAfter;
  private String op;
  /** Whether each key's current row is kept downstream: an update's before is not needed. */
  private final boolean normalize;

  DebeziumJsonScan(JsonScan rows, RowAssembler assembler, Batch batch, boolean normalize) {
    this.rows = rows;
    this.assembler = assembler;
    this.batch = batch;
    this.normalize = normalize;
  }

  /** The kind of each row of the batch being filled. */
  byte[] kinds() {
    return kinds;
  }

  /** Called with the batch row each row of an event is about to fill, so the caller can write its own columns there. */
  void onRowStart(IntConsumer listener) {
    rowStart = listener;
  }

  /**
   * Sets the key of the record {@link #readEvent} reads next (null: none), which a delete without
   * {@code before} takes its row's key from under normalize.
   */
  void setRecordKey(byte[] key) {
    recordKey = key;
  }

  /** Reads the event in {@code buffer[start, end)}, the record numbered {@code number}. */
  void readEvent(byte[] buffer, int start, int end, long number) throws IOException {
    RowAssembler record = assembler;
    record.line = number;
    record.rawSource = buffer;
    record.rawStart = start;
    record.rawEnd = end;
    String problem = record.utf8Problem();
    if (problem == null) {
      problem = parseEnvelope(buffer, start, end);
    }
    if (problem != null) {
      malformed(problem);
      return;
    }
    switch (op) {
      case "c":
      case "r":
        addRow(RowKind.INSERT, after);
        return;
      case "d":
        addRow(RowKind.DELETE, before);
        return;
      default: // "u", checked by the parse
        if (normalize) {
          addRow(RowKind.UPDATE_AFTER, after); // the kept row says what it replaces
          return;
        }
        if (assembler.nextRow() + 2 > Batch.DEFAULT_CAPACITY) {
          assembler.flush(); // both halves in one batch, so a dropped half can be taken back
        }
        int first = assembler.nextRow();
        addRow(RowKind.UPDATE_BEFORE, before);
        if (assembler.nextRow() == first) {
          return; // before was dropped: the whole event is
        }
        addRow(RowKind.UPDATE_AFTER, after);
        if (assembler.nextRow() == first + 1) {
          takeBackTo(first); // after was dropped: so is the before it pairs with
        }
    }
  }

  private void takeBackTo(int row) {
    batch.size = row;
    for (ColumnVector column : batch.columns) {
      if (column instanceof BytesVector) {
        ((BytesVector) column).rewindTo(row);
      }
    }
  }

  private void addRow(byte kind, Bytes row) throws IOException {
    int at = assembler.nextRow();
    kinds[at] = kind;
    rowStart.accept(at);
    rows.readObject(row.buffer(), 0, row.size());
  }

  /** A malformed event: an error in failfast, dropped or kept with NULLs (as an insert) in the other modes. */
  private void malformed(String problem) {
    int at = assembler.nextRow();
    kinds[at] = RowKind.INSERT;
    rowStart.accept(at);
    assembler.clearFields();
    assembler.source = NOTHING;
    assembler.addRow(problem);
  }

  /** Reads {@code op}, {@code before} and {@code after}; returns what is wrong with the event, or null. */
  private String parseEnvelope(byte[] buffer, int start, int end) throws IOException {
    op = null;
    hasBefore = false;
    hasAfter = false;
    try (JsonParser parser = JsonScan.FACTORY.createParser(buffer, start, end - start)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return "the record is not a JSON object";
      }
      String problem = readFields(parser, true);
      if (problem != null) {
        return problem;
      }
      if (parser.nextToken() != null) {
        return "text follows the JSON object";
      }
    } catch (JsonProcessingException e) {
      return "invalid JSON (" + e.getOriginalMessage() + ")";
    }
    if (op == null) {
      return "the Debezium event has no 'op' field";
    }
    switch (op) {
      case "c":
      case "r":
        return hasAfter ? null : "the Debezium event of op '" + op + "' has no 'after' row";
      case "d":
        if (hasBefore) {
          return null;
        }
        if (!normalize) {
          return "the Debezium delete has no 'before' row" + WHOLE_OLD_ROWS;
        }
        return recordKey == null ? "the Debezium delete has neither a 'before' row nor a record key to take the"
            + " deleted row's key from" : keyAsBefore();
      case "u":
        if (!hasBefore && !normalize) {
          return "the Debezium update has no 'before' row" + WHOLE_OLD_ROWS;
        }
        return hasAfter ? null : "the Debezium update has no 'after' row";
      default:
        return "the Debezium event's op is '" + op + "', not c, r, u or d";
    }
  }

  /**
   * Puts the record's key in place of the delete's missing {@code before}: the key's object, or
   * the {@code payload} of a key wrapped with its schema ({@code {"schema": ..., "payload":
   * {"id": 5}}}). Returns what is wrong with the key, or null.
   */
  private String keyAsBefore() throws IOException {
    boolean schema = false;
    boolean payload = false;
    try (JsonParser parser = JsonScan.FACTORY.createParser(recordKey)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return "the record key of the Debezium delete without 'before' is not a JSON object";
      }
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals("payload") && value == JsonToken.START_OBJECT) {
          copy(parser, before);
          payload = true;
        } else {
          schema |= name.equals("schema");
          parser.skipChildren();
        }
      }
      if (token != JsonToken.END_OBJECT) {
        return "the record key of the Debezium delete without 'before' is not a complete JSON object";
      }
    } catch (JsonProcessingException e) {
      return "the record key of the Debezium delete without 'before' is invalid JSON (" + e.getOriginalMessage() + ")";
    }
    if (!(schema && payload)) {
      before.reset(); // a bare key: its fields are the key columns
      before.write(recordKey, 0, recordKey.length);
    }
    hasBefore = true;
    return null;
  }

  /** Reads the fields of the object the parser is in; {@code top}: a {@code payload} object holds the envelope. */
  private String readFields(JsonParser parser, boolean top) throws IOException {
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (top && name.equals("payload") && value == JsonToken.START_OBJECT) {
        String problem = readFields(parser, false);
        if (problem != null) {
          return problem;
        }
      } else if (name.equals("op")) {
        if (value != JsonToken.VALUE_STRING) {
          return "the Debezium event's 'op' is not a string";
        }
        op = parser.getText();
      } else if (name.equals("before") || name.equals("after")) {
        boolean isBefore = name.equals("before");
        if (value == JsonToken.START_OBJECT) {
          copy(parser, isBefore ? before : after);
          if (isBefore) {
            hasBefore = true;
          } else {
            hasAfter = true;
          }
        } else if (value != JsonToken.VALUE_NULL) {
          return "the Debezium event's '" + name + "' is neither an object nor null";
        }
      } else {
        parser.skipChildren();
      }
    }
    return token == JsonToken.END_OBJECT ? null : "the JSON object is not complete";
  }

  private static void copy(JsonParser parser, Bytes target) throws IOException {
    target.reset();
    try (JsonGenerator generator = JsonScan.FACTORY.createGenerator(target)) {
      generator.copyCurrentStructure(parser);
    }
  }

  /** A byte buffer whose bytes are read in place. */
  private static final class Bytes extends ByteArrayOutputStream {
    byte[] buffer() {
      return buf;
    }
  }
}
