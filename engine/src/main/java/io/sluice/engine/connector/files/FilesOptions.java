package io.sluice.engine.connector.files;

import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.NameMatcher;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.TypeKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The checked options of a {@code files} table. */
public final class FilesOptions {
  static final String CONNECTOR = "connector";
  static final String PATH = "path";
  static final String FORMAT = "format";
  static final String HEADER = "header";
  static final String DELIMITER = "delimiter";
  static final String QUOTE = "quote";
  static final String NULL_STRING = "null-string";
  static final String MODE = "mode";
  static final String CORRUPT_COLUMN = "corrupt-column";
  static final String COMPRESSION = "compression";
  static final String ROW_GROUP_ROWS = "row-group-rows";
  /** Read by the streaming source over a folder, not by the table; accepted here. */
  static final String MAX_FILES_PER_TRIGGER = "max-files-per-trigger";
  /** Streaming source: most rows per batch; a file may then be split over batches. */
  static final String MAX_ROWS_PER_TRIGGER = "max-rows-per-trigger";
  /** Streaming source: {@code name} or {@code modified}. */
  static final String FILE_ORDER = "file-order";
  /** Sink: most rows per file; a batch with more rows gets several files. */
  static final String MAX_ROWS_PER_FILE = "max-rows-per-file";
  /** Text formats: the longest record (line) read; longer ones are rejected. */
  static final String MAX_LINE_SIZE = "max-line-size";
  /** Text formats: the in-memory table that receives rejected rows. */
  static final String REJECTS_TABLE = "rejects-table";
  /** Text formats: the bytes of a file that one split of a parallel scan reads. */
  static final String SPLIT_SIZE = "split-size";
  static final int DEFAULT_MAX_LINE_SIZE = 16 << 20;
  private static final long MAX_MAX_LINE_SIZE = 1L << 30;

  /** The order in which a streaming source takes a folder's new files. */
  enum FileOrder {
    NAME("name"),
    MODIFIED("modified");

    final String optionValue;

    FileOrder(String optionValue) {
      this.optionValue = optionValue;
    }
  }

  /** Every key, with the formats it applies to (empty: all). */
  private static final Map<String, Set<FileFormat>> KEYS = new LinkedHashMap<>();

  static {
    KEYS.put(CONNECTOR, Set.of());
    KEYS.put(PATH, Set.of());
    KEYS.put(FORMAT, Set.of());
    KEYS.put(HEADER, Set.of(FileFormat.CSV));
    KEYS.put(DELIMITER, Set.of(FileFormat.CSV));
    KEYS.put(QUOTE, Set.of(FileFormat.CSV));
    KEYS.put(NULL_STRING, Set.of(FileFormat.CSV));
    KEYS.put(MODE, Set.of(FileFormat.CSV, FileFormat.JSON));
    KEYS.put(CORRUPT_COLUMN, Set.of(FileFormat.CSV, FileFormat.JSON));
    KEYS.put(COMPRESSION, Set.of(FileFormat.PARQUET));
    KEYS.put(ROW_GROUP_ROWS, Set.of(FileFormat.PARQUET));
    KEYS.put(MAX_FILES_PER_TRIGGER, Set.of());
    KEYS.put(MAX_ROWS_PER_TRIGGER, Set.of());
    KEYS.put(FILE_ORDER, Set.of());
    KEYS.put(MAX_ROWS_PER_FILE, Set.of());
    KEYS.put(MAX_LINE_SIZE, Set.of(FileFormat.CSV, FileFormat.JSON));
    KEYS.put(REJECTS_TABLE, Set.of(FileFormat.CSV, FileFormat.JSON));
    KEYS.put(SPLIT_SIZE, Set.of(FileFormat.CSV, FileFormat.JSON));
  }

  private static final List<String> COMPRESSIONS = List.of("uncompressed", "snappy", "gzip", "zstd");

  final Path path;
  final String pathText;
  final FileFormat format;
  final boolean header;
  final byte delimiter;
  /** The quote byte, or -1 when quoting is off. */
  final int quote;
  /** Unquoted text that reads as NULL (CSV only); null for JSON and Parquet. */
  final byte[] nullString;
  final MalformedMode mode;
  final String corruptColumn;
  final String compression;
  /** Most rows per Parquet row group; 0 leaves it to the byte size. */
  final int rowGroupRows;
  /** Streaming source: most files per batch, 0 for no limit. */
  final int maxFilesPerTrigger;
  /** Streaming source: most rows per batch, 0 for no limit. */
  final long maxRowsPerTrigger;
  final FileOrder fileOrder;
  /** Sink: most rows per file, 0 for no limit. */
  final long maxRowsPerFile;
  /** Text formats: the most bytes of one record. */
  final int maxLineSize;
  /** Text formats: the table that receives rejected rows, or null. */
  final String rejectsTable;
  /** Text formats: the bytes of a split of a parallel scan, 0 to choose by the batch's size. */
  final long splitSize;

  private FilesOptions(Map<String, String> options) {
    this(options, true);
  }

  /** @param files whether the options describe files (need a path) rather than records from elsewhere */
  private FilesOptions(Map<String, String> options, boolean files) {
    for (String key : options.keySet()) {
      if (!KEYS.containsKey(key) && files) {
        throw invalid("Unknown option '" + key + "' for connector 'files'." + NameMatcher.hint(key, KEYS.keySet())
            + " Valid options: " + String.join(", ", KEYS.keySet()) + ".");
      }
    }
    String formatText = options.get(FORMAT);
    if (formatText == null) {
      throw invalid("Option 'format' is required for connector 'files': one of " + formatNames() + ".");
    }
    format = parseFormat(formatText);
    for (String key : options.keySet()) {
      Set<FileFormat> formats = KEYS.get(key);
      if (!formats.isEmpty() && !formats.contains(format)) {
        List<String> names = new ArrayList<>();
        for (FileFormat f : FileFormat.values()) {
          if (formats.contains(f)) {
            names.add(f.optionValue());
          }
        }
        throw invalid("Option '" + key + "' applies only to format " + String.join(" or ", names)
            + ", not to '" + format.optionValue() + "'.");
      }
    }
    pathText = options.get(PATH);
    if (!files) {
      path = null;
    } else if (pathText == null || pathText.isBlank()) {
      throw invalid("Option 'path' is required for connector 'files': a file or a folder.");
    } else {
      try {
        path = Path.of(pathText).toAbsolutePath().normalize();
      } catch (InvalidPathException e) {
        throw invalid("Option 'path' is not a valid path: '" + pathText + "' (" + e.getReason() + ").");
      }
    }
    header = parseBoolean(options, HEADER, false);
    delimiter = (byte) parseChar(options, DELIMITER, ',', false);
    quote = parseChar(options, QUOTE, '"', true);
    if (quote == delimiter) {
      throw invalid("Options 'quote' and 'delimiter' must differ; both are '" + (char) quote + "'.");
    }
    String nullText = options.getOrDefault(NULL_STRING, "");
    nullString = format == FileFormat.CSV ? nullText.getBytes(StandardCharsets.UTF_8) : null;
    mode = parseMode(options.get(MODE));
    corruptColumn = options.getOrDefault(CORRUPT_COLUMN, "_corrupt_record");
    if (corruptColumn.isBlank()) {
      throw invalid("Option 'corrupt-column' must name a column.");
    }
    String compressionText = options.getOrDefault(COMPRESSION, "snappy").toLowerCase(Locale.ROOT);
    if (!COMPRESSIONS.contains(compressionText)) {
      throw invalid("Unknown value '" + compressionText + "' for option 'compression': valid values are "
          + String.join(", ", COMPRESSIONS) + "." + NameMatcher.hint(compressionText, COMPRESSIONS));
    }
    compression = compressionText;
    rowGroupRows = parsePositiveInt(options, ROW_GROUP_ROWS);
    maxFilesPerTrigger = parsePositiveInt(options, MAX_FILES_PER_TRIGGER);
    maxRowsPerTrigger = parsePositiveLong(options, MAX_ROWS_PER_TRIGGER);
    maxRowsPerFile = parsePositiveLong(options, MAX_ROWS_PER_FILE);
    fileOrder = parseFileOrder(options.get(FILE_ORDER));
    maxLineSize = options.containsKey(MAX_LINE_SIZE)
        ? (int) parseSize(MAX_LINE_SIZE, options.get(MAX_LINE_SIZE), MAX_MAX_LINE_SIZE) : DEFAULT_MAX_LINE_SIZE;
    splitSize = options.containsKey(SPLIT_SIZE) ? parseSize(SPLIT_SIZE, options.get(SPLIT_SIZE), 1L << 40) : 0;
    String rejects = options.get(REJECTS_TABLE);
    if (rejects != null && rejects.isBlank()) {
      throw invalid("Option 'rejects-table' must name a table.");
    }
    rejectsTable = rejects == null ? null : rejects.trim();
  }

  /** A byte size: a number with an optional unit B, KB, MB, GB (powers of 1024; KiB, MiB and GiB too). */
  private static long parseSize(String key, String text, long max) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,12})\\s*([KMG]?)(I?B)?")
        .matcher(text.trim().toUpperCase(Locale.ROOT));
    if (m.matches()) {
      long value = Long.parseLong(m.group(1));
      switch (m.group(2)) {
        case "K": value <<= 10; break;
        case "M": value <<= 20; break;
        case "G": value <<= 30; break;
        default: break;
      }
      if (value >= 1 && value <= max) {
        return value;
      }
    }
    throw invalid("Option '" + key + "' must be a size from 1 byte to " + sizeText(max)
        + " such as '16MB', '512KB' or '4096', not '" + text + "'.");
  }

  /** A byte size as a user would write it. */
  static String sizeText(long bytes) {
    if (bytes % (1 << 30) == 0) {
      return (bytes >> 30) + "GB";
    }
    if (bytes % (1 << 20) == 0) {
      return (bytes >> 20) + "MB";
    }
    if (bytes % (1 << 10) == 0) {
      return (bytes >> 10) + "KB";
    }
    return bytes + " bytes";
  }

  /** The problem of a record longer than the limit. */
  static String lineTooLong(int maxLineSize) {
    return "the line is longer than " + sizeText(maxLineSize) + " (option 'max-line-size'); it is skipped";
  }

  private static FileOrder parseFileOrder(String text) {
    if (text == null) {
      return FileOrder.NAME;
    }
    List<String> names = new ArrayList<>();
    for (FileOrder order : FileOrder.values()) {
      if (order.optionValue.equalsIgnoreCase(text.trim())) {
        return order;
      }
      names.add(order.optionValue);
    }
    throw invalid("Unknown value '" + text + "' for option 'file-order': valid values are " + String.join(", ", names)
        + "." + NameMatcher.hint(text, names));
  }

  /**
   * The positive integer option {@code key} of {@code options}, or 0 when it is absent; any other
   * value is refused naming the option. Shared by the connectors whose options count rows or records.
   */
  public static long parsePositiveLong(Map<String, String> options, String key) {
    String text = options.get(key);
    if (text == null) {
      return 0;
    }
    try {
      long value = Long.parseLong(text.trim());
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid("Option '" + key + "' must be a positive integer, not '" + text + "'.");
  }

  static FilesOptions parse(Map<String, String> options) {
    return new FilesOptions(options, true);
  }

  /**
   * The text-format options of records that do not come from files (messages): the caller has
   * removed its own keys; {@code path} and the like are not required.
   */
  static FilesOptions parseRecordFormat(Map<String, String> options) {
    return new FilesOptions(options, false);
  }

  /**
   * {@code schema} with the column that holds a malformed row's raw text in mode permissive
   * (option {@code corrupt-column}), added as a nullable VARCHAR when not declared; unchanged in
   * the other modes. A declared one must be a nullable VARCHAR.
   */
  TableSchema withCorruptColumn(TableSchema schema) {
    if (mode != MalformedMode.PERMISSIVE) {
      return schema;
    }
    int index = schema.indexOf(corruptColumn);
    if (index < 0) {
      List<Column> columns = new ArrayList<>(schema.columns());
      columns.add(new Column(corruptColumn, DataType.of(TypeKind.VARCHAR)));
      return new TableSchema(columns);
    }
    if (!schema.column(index).type().kind().isString() || !schema.column(index).type().nullable()) {
      throw invalid("The corrupt-record column '" + schema.column(index).name()
          + "' (option 'corrupt-column') must be a nullable VARCHAR, not " + schema.column(index).type() + ".");
    }
    return schema;
  }

  private static String formatNames() {
    List<String> names = new ArrayList<>();
    for (FileFormat f : FileFormat.values()) {
      names.add(f.optionValue());
    }
    return String.join(", ", names);
  }

  private static FileFormat parseFormat(String text) {
    for (FileFormat f : FileFormat.values()) {
      if (f.optionValue().equalsIgnoreCase(text.trim())) {
        return f;
      }
    }
    List<String> names = new ArrayList<>();
    for (FileFormat f : FileFormat.values()) {
      names.add(f.optionValue());
    }
    throw invalid("Unknown value '" + text + "' for option 'format': valid formats are " + formatNames() + "."
        + NameMatcher.hint(text, names));
  }

  private static MalformedMode parseMode(String text) {
    if (text == null) {
      return MalformedMode.FAILFAST;
    }
    List<String> names = new ArrayList<>();
    for (MalformedMode m : MalformedMode.values()) {
      if (m.optionValue.equalsIgnoreCase(text.trim())) {
        return m;
      }
      names.add(m.optionValue);
    }
    throw invalid("Unknown value '" + text + "' for option 'mode': valid values are " + String.join(", ", names)
        + "." + NameMatcher.hint(text, names));
  }

  private static boolean parseBoolean(Map<String, String> options, String key, boolean defaultValue) {
    String text = options.get(key);
    if (text == null) {
      return defaultValue;
    }
    if (text.trim().equalsIgnoreCase("true")) {
      return true;
    }
    if (text.trim().equalsIgnoreCase("false")) {
      return false;
    }
    throw invalid("Option '" + key + "' must be true or false, not '" + text + "'.");
  }

  /**
   * One ASCII character; {@code \t} and {@code tab} mean a tab. The parser works on bytes, so a
   * character outside ASCII cannot be a separator. Returns -1 for an empty value when allowed.
   */
  private static int parseChar(Map<String, String> options, String key, char defaultValue, boolean emptyAllowed) {
    String text = options.get(key);
    if (text == null) {
      return defaultValue;
    }
    if (text.equals("\\t") || text.equalsIgnoreCase("tab")) {
      return '\t';
    }
    if (text.isEmpty() && emptyAllowed) {
      return -1;
    }
    if (text.length() != 1 || text.charAt(0) > 0x7F || text.charAt(0) == '\n' || text.charAt(0) == '\r') {
      throw invalid("Option '" + key + "' must be a single ASCII character other than a line break"
          + (emptyAllowed ? " (or empty for none)" : "") + ", not '" + text + "'.");
    }
    return text.charAt(0);
  }

  private static int parsePositiveInt(Map<String, String> options, String key) {
    String text = options.get(key);
    if (text == null) {
      return 0;
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid("Option '" + key + "' must be a positive integer, not '" + text + "'.");
  }

  static SluiceException invalid(String message) {
    return new SluiceException(ErrorCode.INVALID_OPTION, message);
  }
}
