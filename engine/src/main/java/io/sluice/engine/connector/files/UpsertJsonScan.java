package io.sluice.engine.connector.files;

import io.sluice.catalog.data.Batch;
import io.sluice.catalog.stream.RowKind;
import java.io.IOException;
import java.util.function.IntConsumer;

/**
 * Reads upserts by key ({@code format = 'upsert-json'}, as a compacted topic holds a table and as
 * Sluice's own {@code upsert-json} sink writes it): a record's value is a JSON object, the row of
 * its key now ({@code +U}); a record without a value (a tombstone) deletes the row of its key
 * ({@code -D} of a row holding only the key's fields, read from the record's key, a JSON object
 * of the key columns). What an update or delete takes back is not in the record: the rows go
 * through the step that keeps each key's current row, which supplies it.
 *
 * <p>The value must hold the key's columns too (the whole row); fields match columns by name as
 * in {@code json}. A malformed value, or a tombstone without a key, follows the source's mode.
 */
final class UpsertJsonScan {
  private static final byte[] NOTHING = new byte[0];

  private final JsonScan rows;
  private final RowAssembler assembler;
  private final byte[] kinds = new byte[Batch.DEFAULT_CAPACITY];
  private IntConsumer rowStart = row -> { };

  UpsertJsonScan(JsonScan rows, RowAssembler assembler) {
    this.rows = rows;
    this.assembler = assembler;
  }

  /** The kind of each row of the batch being filled. */
  byte[] kinds() {
    return kinds;
  }

  /** Called with the batch row a record is about to fill, so the caller can write its own columns there. */
  void onRowStart(IntConsumer listener) {
    rowStart = listener;
  }

  /**
   * Reads the record numbered {@code number} from its key and its value {@code value[valueFrom,
   * valueTo)}; the key, or the value, may be null.
   */
  void readRecord(byte[] key, byte[] value, int valueFrom, int valueTo, long number) throws IOException {
    int at = assembler.nextRow();
    rowStart.accept(at);
    if (value != null) {
      kinds[at] = RowKind.UPDATE_AFTER;
      readObject(value, valueFrom, valueTo, number);
    } else if (key != null) {
      kinds[at] = RowKind.DELETE;
      readObject(key, 0, key.length, number);
    } else {
      kinds[at] = RowKind.INSERT;
      malformed(NOTHING, number, "the record has neither a key nor a value");
    }
  }

  /** A record that gives no row: an error in failfast, dropped or kept with NULLs in the other modes. */
  private void malformed(byte[] record, long number, String problem) {
    assembler.line = number;
    assembler.rawSource = record;
    assembler.rawStart = 0;
    assembler.rawEnd = 0;
    assembler.clearFields();
    assembler.addRow(problem);
  }

  private void readObject(byte[] bytes, int from, int to, long number) throws IOException {
    int end = to;
    while (end > from && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) {
      end--;
    }
    if (end == from) {
      malformed(NOTHING, number, "the record is empty");
      return;
    }
    rows.readLine(bytes, from, end, number);
  }
}
