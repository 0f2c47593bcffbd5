package io.sluice.engine.connector.files;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Decodes text records held in memory (a message's value: one JSON object, or CSV text) into the
 * rows of a batch with the files connector's parsers, coercions and malformed-row modes, for
 * connectors whose records do not come from files. Errors name the record by a place given by
 * the caller (e.g. topic, partition and offset) instead of a file and line.
 *
 * <p>Not thread-safe; one decoder per scan. Decoding allocates nothing per CSV record; a JSON
 * record costs the parser Jackson creates for it, as in files.
 */
public final class TextRecordDecoder {
  /** The option keys this decoder reads (besides {@code format}). */
  public static final List<String> OPTION_KEYS = List.of(FilesOptions.DELIMITER,
      FilesOptions.QUOTE, FilesOptions.NULL_STRING, FilesOptions.MODE, FilesOptions.CORRUPT_COLUMN);

  /** The checked format options of a source: create once, then a decoder per scan. */
  public static final class Format {
    /** The format of Debezium's change events, read as JSON with an envelope around the rows. */
    public static final String DEBEZIUM_JSON = "debezium-json";
    /** Upserts keyed by the record's key: a value is the key's row now, no value (a tombstone) deletes it. */
    public static final String UPSERT_JSON = "upsert-json";
    /**
     * The option that says a changelog's updates and deletes may lack their old rows, so the
     * engine keeps each key's current row to supply them ({@code 'true'}; always so for
     * {@link #UPSERT_JSON}).
     */
    public static final String NORMALIZE = "changelog.normalize";

    final FilesOptions options;
    /** Records are Debezium change events: rows with kinds, not inserts. */
    final boolean debezium;
    /** Records are upserts and tombstones by key. */
    final boolean upsert;
    /** Updates and deletes may come without their old rows (the engine keeps each key's current row). */
    final boolean normalize;

    private Format(FilesOptions options, boolean debezium, boolean upsert, boolean normalize) {
      this.options = options;
      this.debezium = debezium;
      this.upsert = upsert;
      this.normalize = normalize;
    }

    public String name() {
      return debezium ? DEBEZIUM_JSON : upsert ? UPSERT_JSON : options.format.optionValue();
    }

    /** Whether records are changes to a table ({@code +I}, {@code -U}/{@code +U}, {@code -D}) rather than new rows. */
    public boolean changelog() {
      return debezium || upsert;
    }

    /**
     * Whether the changes may lack what an update or delete takes back (an update without its old
     * row, a delete of a key alone), so the rows must pass through a step that keeps each key's
     * current row and supplies them.
     */
    public boolean needsNormalize() {
      return normalize;
    }

    /** Whether records are read with their keys ({@link #decodeKeyed}): upserts. */
    public boolean keyed() {
      return upsert;
    }

    /**
     * The columns records are decoded into: {@code declared}, and in mode {@code permissive} the
     * column that holds a malformed record's raw text (option {@code corrupt-column}).
     */
    public TableSchema recordSchema(TableSchema declared) {
      return options.withCorruptColumn(declared);
    }

    /** Whether malformed records are dropped and counted rather than failing the scan. */
    public boolean dropsMalformed() {
      return options.mode == MalformedMode.DROPMALFORMED;
    }
  }

  /**
   * Checks the format options ({@code format} and {@link #OPTION_KEYS}) of a source of connector
   * {@code connector}. The record formats are {@code csv}, {@code json} and, where
   * {@code changelogs} is true, {@code debezium-json} and {@code upsert-json}, with option
   * {@link Format#NORMALIZE}.
   */
  public static Format format(String connector, Map<String, String> formatOptions, boolean changelogs) {
    String formatText = formatOptions.get(FilesOptions.FORMAT);
    String formats = changelogs ? "csv, json, " + Format.DEBEZIUM_JSON + " or " + Format.UPSERT_JSON : "csv or json";
    if (formatText == null) {
      throw FilesOptions.invalid("Option 'format' is required for connector '" + connector + "': " + formats + ".");
    }
    boolean debezium = changelogs && formatText.trim().equalsIgnoreCase(Format.DEBEZIUM_JSON);
    boolean upsert = changelogs && formatText.trim().equalsIgnoreCase(Format.UPSERT_JSON);
    String normalizeText = formatOptions.get(Format.NORMALIZE);
    boolean normalize = upsert;
    if (normalizeText != null) {
      normalize = normalizeText.trim().equalsIgnoreCase("true");
      if (!normalize && !normalizeText.trim().equalsIgnoreCase("false")) {
        throw FilesOptions.invalid("Option '" + Format.NORMALIZE + "' must be true or false, not '" + normalizeText
            + "'.");
      }
      if (!debezium && !(upsert && normalize)) {
        throw FilesOptions.invalid("Option '" + Format.NORMALIZE + "' applies to format '" + Format.DEBEZIUM_JSON
            + "' (" + (upsert ? "format '" + Format.UPSERT_JSON + "' always keeps each key's row" : "not '"
            + formatText.trim() + "'") + ").");
      }
    }
    if (debezium || upsert) {
      formatOptions = new java.util.HashMap<>(formatOptions);
      formatOptions.put(FilesOptions.FORMAT, FileFormat.JSON.optionValue());
      formatOptions.remove(Format.NORMALIZE);
    }
    FilesOptions options = FilesOptions.parseRecordFormat(formatOptions);
    if (options.format != FileFormat.CSV && options.format != FileFormat.JSON) {
      throw FilesOptions.invalid("Format '" + options.format.optionValue() + "' is not a record format for connector '"
          + connector + "': use " + formats + ".");
    }
    return new Format(options, debezium, upsert, normalize);
  }

  /** As {@link #format(String, Map, boolean)} without changelog formats. */
  public static Format format(String connector, Map<String, String> formatOptions) {
    return format(connector, formatOptions, false);
  }

  private final Format format;
  private final RowAssembler assembler;
  private final CsvReader csv;
  private final CsvScan csvScan;
  private final JsonScan json;
  private final DebeziumJsonScan debezium;
  private final UpsertJsonScan upsert;

  /**
   * @param schema the columns records hold: {@link Format#recordSchema}, with the corrupt-record
   *     column in mode permissive
   * @param requested indexes into {@code schema} of the columns of {@code batch}, in its order
   */
  public TextRecordDecoder(Format format, TableSchema schema, int[] requested, Batch batch, BatchConsumer consumer) {
    this(format, schema, requested, batch, consumer, io.sluice.catalog.connector.RejectedRows.NONE);
  }

  /**
   * A decoder that reports each record it drops (or keeps with NULLs) to {@code rejects}, as a
   * file scan does, naming the record by the place {@link #setPlace} gave and its number.
   */
  public TextRecordDecoder(Format format, TableSchema schema, int[] requested, Batch batch, BatchConsumer consumer,
      io.sluice.catalog.connector.RejectedRows rejects) {
    this.format = format;
    FilesOptions options = format.options;
    boolean isCsv = options.format == FileFormat.CSV;
    int corruptIndex = options.mode == MalformedMode.PERMISSIVE ? schema.indexOf(options.corruptColumn) : -1;
    this.assembler = new RowAssembler(isCsv ? "CSV" : "JSON", schema, corruptIndex, options, requested, batch, consumer,
        rejects);
    if (isCsv) {
      this.csv = new CsvReader(null, options.delimiter, options.quote, 0);
      this.csvScan = new CsvScan(options, schema.size(), corruptIndex, assembler);
      this.json = null;
    } else {
      this.csv = null;
      this.csvScan = null;
      this.json = new JsonScan(schema, corruptIndex, assembler, options.maxLineSize);
    }
    this.debezium = format.debezium ? new DebeziumJsonScan(json, assembler, batch, format.normalize) : null;
    this.upsert = format.upsert ? new UpsertJsonScan(json, assembler) : null;
  }

  /** Sets where the next records come from, e.g. "topic 't', partition 0, offset ": their number follows it. */
  public void setPlace(String place) {
    setPlace(place, null);
  }

  /**
   * Sets where the next records come from, as {@link #setPlace(String)}, and the name that
   * rejected records are reported under in place of a file (e.g. "topic 't', partition 0").
   */
  public void setPlace(String place, String file) {
    assembler.place = place;
    assembler.file = file;
  }

  /** Decodes one record numbered {@code number} (its offset); a full batch is pushed to the consumer. */
  public void decode(byte[] bytes, int offset, int length, long number) {
    int end = offset + length;
    while (end > offset && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) {
      end--;
    }
    try {
      if (debezium != null) {
        debezium.readEvent(bytes, offset, end, number);
      } else if (end == offset) {
        assembler.line = number;
        assembler.rawSource = bytes;
        assembler.rawStart = offset;
        assembler.rawEnd = offset;
        assembler.clearFields();
        assembler.addRow("the record is empty");
      } else if (csv != null) {
        csv.resetTo(bytes, offset, end - offset);
        csvScan.scanRecords(csv, false, number);
      } else {
        json.readLine(bytes, offset, end, number);
      }
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Cannot decode record " + number + ": " + e.getMessage(), e);
    }
  }

  /**
   * Decodes one record numbered {@code number} whose key (null: none) may say what the value
   * leaves out: a Debezium delete without {@code before} under {@link Format#NORMALIZE} deletes
   * the row of the key. Other formats ignore the key.
   */
  public void decode(byte[] key, byte[] bytes, int offset, int length, long number) {
    if (debezium != null) {
      debezium.setRecordKey(key);
    }
    decode(bytes, offset, length, number);
  }

  /**
   * Decodes one record of a keyed format ({@link Format#keyed}) from its key and its value
   * {@code value[offset, offset + length)} (either may be null), numbered {@code number}: the
   * value is the key's row now, no value deletes the row of the key.
   */
  public void decodeKeyed(byte[] key, byte[] value, int offset, int length, long number) {
    try {
      upsert.readRecord(key, value, offset, offset + length, number);
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Cannot decode record " + number + ": " + e.getMessage(), e);
    }
  }

  /** Pushes the rows decoded so far. */
  public void flush() {
    assembler.flush();
  }

  /** The row of the batch the next record will fill, for columns the caller writes itself. */
  public int nextRow() {
    return assembler.nextRow();
  }

  /**
   * For a changelog format, whose record may give more than one row: {@code listener} is called
   * with the batch row each row of a record is about to fill, so the caller can write its own
   * columns there (Kafka's metadata). Other formats fill {@link #nextRow()} once per record.
   */
  public void onRowStart(java.util.function.IntConsumer listener) {
    if (debezium != null) {
      debezium.onRowStart(listener);
    } else if (upsert != null) {
      upsert.onRowStart(listener);
    }
  }

  /**
   * The kind of each row of the batch being filled ({@code io.sluice.catalog.stream.RowKind}), for
   * a changelog format; null when every row is an insert.
   */
  public byte[] kinds() {
    return debezium != null ? debezium.kinds() : upsert != null ? upsert.kinds() : null;
  }

  /** Records dropped as malformed so far (mode {@code dropmalformed}). */
  public long dropped() {
    return assembler.dropped;
  }
}
