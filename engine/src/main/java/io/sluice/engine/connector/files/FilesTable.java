package io.sluice.engine.connector.files;

import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.Statistics;
import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.connector.ScanRequest;
import io.sluice.catalog.connector.ScanSplit;
import io.sluice.catalog.connector.WritableTable;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

/**
 * A table over one file or a folder of files in CSV, JSON lines or Parquet (connector
 * {@code files}). A folder's files are those with the format's extension, in name order,
 * skipping names that start with '.' or '_' (in the folder of a {@code files} sink, the files
 * of its committed batches, in batch order: see {@link SinkManifest}); the folder is listed
 * again on every scan, so files added later (by this table's writers or anyone else) are seen.
 * Writers add new files to the folder and never change existing ones.
 */
public final class FilesTable implements WritableTable {
  /** The bytes of a CSV or JSON file's split, unless option 'split-size' says: at least, and at most. */
  private static final long MIN_SPLIT_BYTES = 1 << 20;
  private static final long MAX_SPLIT_BYTES = 8 << 20;
  /** How much of the first file {@link #statistics} reads to estimate a text row's length. */
  private static final int SAMPLE_BYTES = 64 * 1024;

  private final String name;
  private final FilesOptions options;
  private final TableSchema schema;
  /** The column that holds raw malformed text in permissive mode, or -1. */
  private final int corruptIndex;
  private final AtomicLong malformedRowsDropped = new AtomicLong();
  private volatile long lastScanRowGroups;
  private volatile long lastScanRowGroupsSkipped;
  /** Parquet page buffers, reused by the next scan (a stream scans a file or two per batch). */
  private final ParquetPageReader.Pool parquetPages = new ParquetPageReader.Pool();
  private volatile CachedStatistics cachedStatistics;

  private record CachedStatistics(List<String> signature, Statistics statistics) {}

  private FilesTable(String name, FilesOptions options, TableSchema schema, int corruptIndex) {
    this.name = name;
    this.options = options;
    this.schema = schema;
    this.corruptIndex = corruptIndex;
  }

  /** Checks the definition's options and opens the table, inferring the columns if none are declared. */
  static FilesTable open(TableDefinition definition) {
    FilesOptions options = FilesOptions.parse(definition.options());
    Path path = options.path;
    if (!Files.exists(path)) {
      String fileName = path.getFileName() == null ? "" : path.getFileName().toString();
      if (fileName.lastIndexOf('.') > 0) {
        throw new SluiceException(ErrorCode.IO_ERROR, "File '" + path + "' (option 'path' of table '"
            + definition.name() + "') does not exist. A path that does not exist yet must name a folder, which the"
            + " first insert creates.");
      }
    } else if (!Files.isDirectory(path) && !Files.isRegularFile(path)) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Path '" + path + "' is neither a file nor a folder.");
    }
    TableSchema schema = definition.schema();
    if (schema == null || schema.size() == 0) {
      schema = inferSchema(definition.name(), options, listFiles(options));
    }
    schema = options.withCorruptColumn(schema);
    int corruptIndex = options.mode == MalformedMode.PERMISSIVE ? schema.indexOf(options.corruptColumn) : -1;
    return new FilesTable(definition.name(), options, schema, corruptIndex);
  }

  private static TableSchema inferSchema(String table, FilesOptions options, List<Path> files) {
    if (options.format == FileFormat.PARQUET) {
      if (files.isEmpty()) {
        throw new SluiceException(ErrorCode.VALIDATION_ERROR, "Cannot infer the columns of table '" + table
            + "': there is no Parquet file at '" + options.path + "'. Declare the columns.");
      }
      Path first = files.get(0);
      return ParquetTypes.inferSchema(ParquetScan.footer(first).getFileMetaData().getSchema(), first.toString());
    }
    if (options.format == FileFormat.CSV && options.header && !files.isEmpty()) {
      return headerSchema(files.get(0), options);
    }
    throw new SluiceException(ErrorCode.VALIDATION_ERROR, "Table '" + table + "' must declare its columns: only"
        + " Parquet files, and CSV files with header = true, describe their own columns.");
  }

  /** Columns named by the header line of a CSV file, all VARCHAR. */
  private static TableSchema headerSchema(Path file, FilesOptions options) {
    try (InputStream in = Files.newInputStream(file)) {
      CsvReader reader = new CsvReader(in, options.delimiter, options.quote, 1 << 16, options.maxLineSize);
      if (!reader.next()) {
        throw new SluiceException(ErrorCode.VALIDATION_ERROR, "Cannot infer columns from the header of '" + file
            + "': the file is empty. Declare the columns.");
      }
      List<Column> columns = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (int f = 0; f < reader.fieldCount; f++) {
        String text = new String(reader.buffer, reader.fieldStart[f], reader.fieldEnd[f] - reader.fieldStart[f],
            StandardCharsets.UTF_8).trim();
        if (reader.fieldKind[f] == CsvReader.ESCAPED) {
          String quote = String.valueOf((char) options.quote);
          text = text.replace(quote + quote, quote);
        }
        String columnName = text.isEmpty() ? "column_" + (f + 1) : text;
        for (int k = 2; !seen.add(columnName.toLowerCase(Locale.ROOT)); k++) {
          columnName = (text.isEmpty() ? "column_" + (f + 1) : text) + "_" + k;
        }
        columns.add(new Column(columnName, DataType.of(TypeKind.VARCHAR)));
      }
      return new TableSchema(columns);
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Cannot read file '" + file + "': " + e.getMessage(), e);
    }
  }

  @Override
  public TableSchema schema() {
    return schema;
  }

  /** The table's name in the catalog. */
  public String name() {
    return name;
  }

  public FileFormat format() {
    return options.format;
  }

  /** The file or folder the table reads, absolute. */
  public Path path() {
    return options.path;
  }

  /** The files a scan would read now, in order. */
  /** The table's files with their sizes and modification times: a file added, removed or rewritten changes it. */
  @Override
  public Object version() {
    List<String> signature = new ArrayList<>();
    for (Path file : files()) {
      try {
        signature.add(file + ":" + java.nio.file.Files.size(file) + ":"
            + java.nio.file.Files.getLastModifiedTime(file).toMillis());
      } catch (java.io.IOException e) {
        signature.add(file + ":gone");
      }
    }
    return signature;
  }

  public List<Path> files() {
    return listFiles(options);
  }

  private static List<Path> listFiles(FilesOptions options) {
    Path path = options.path;
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    if (!Files.isDirectory(path)) {
      return List.of();
    }
    List<Path> files = new ArrayList<>();
    if (SinkManifest.exists(path)) {
      // a files sink's folder: only committed batches' files, never one in progress or abandoned
      for (SinkManifest.Entry entry : SinkManifest.readAll(path)) {
        for (String file : entry.files()) {
          if (options.format.matches(file)) {
            files.add(path.resolve(file));
          }
        }
      }
      return files;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
      for (Path entry : entries) {
        String fileName = entry.getFileName().toString();
        if (isDataFile(fileName, options.format) && Files.isRegularFile(entry)) {
          files.add(entry);
        }
      }
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Cannot list folder '" + path + "': " + e.getMessage(), e);
    }
    files.sort(Comparator.comparing(p -> p.getFileName().toString()));
    return files;
  }

  /**
   * Whether a file in a folder holds the table's data: it has the format's extension and is not
   * hidden ('.'), internal ('_') or a temporary file another tool is still writing.
   */
  static boolean isDataFile(String fileName, FileFormat format) {
    return !fileName.startsWith(".") && !fileName.startsWith("_") && format.matches(fileName);
  }

  FilesOptions options() {
    return options;
  }

  /**
   * Parquet: the exact row count and each column's min, max and null count from the footers
   * (null count -1 where a file does not record it). CSV and JSON: a row count estimated from
   * the files' total size and the average line length at the start of the first file.
   * Computed again only when the files change.
   */
  @Override
  public Statistics statistics() {
    List<Path> files = files();
    List<String> signature = new ArrayList<>();
    try {
      for (Path file : files) {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        signature.add(file + "|" + attributes.size() + "|" + attributes.lastModifiedTime().toMillis());
      }
    } catch (IOException e) {
      return Statistics.UNKNOWN; // a file vanished while listing: no statistics rather than a failure
    }
    CachedStatistics cached = cachedStatistics;
    if (cached != null && cached.signature().equals(signature)) {
      return cached.statistics();
    }
    Statistics statistics = options.format == FileFormat.PARQUET
        ? ParquetScan.statistics(files, schema) : estimateTextStatistics(files);
    cachedStatistics = new CachedStatistics(signature, statistics);
    return statistics;
  }

  private Statistics estimateTextStatistics(List<Path> files) {
    if (files.isEmpty()) {
      return new Statistics(0, true, Map.of());
    }
    try {
      long totalBytes = 0;
      for (Path file : files) {
        totalBytes += Files.size(file);
      }
      double averageLine = 0;
      for (Path file : files) {
        byte[] sample = new byte[SAMPLE_BYTES];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
          read = in.readNBytes(sample, 0, sample.length);
        }
        if (read == 0) {
          continue;
        }
        long lines = 0;
        for (int i = 0; i < read; i++) {
          if (sample[i] == '\n') {
            lines++;
          }
        }
        if (read < SAMPLE_BYTES && sample[read - 1] != '\n') {
          lines++; // the whole file, whose last line has no line break
        }
        averageLine = (double) read / Math.max(1, lines);
        break;
      }
      if (averageLine == 0) {
        return new Statistics(0, true, Map.of());
      }
      double rows = Math.round(totalBytes / averageLine);
      if (options.header) {
        rows = Math.max(0, rows - files.size());
      }
      return new Statistics(rows, false, Map.of());
    } catch (IOException e) {
      return Statistics.UNKNOWN;
    }
  }

  @Override
  public void scan(ScanRequest request, BatchConsumer consumer) {
    scanFiles(files(), request, consumer);
  }

  /** One split per Parquet row group, or per byte range of a CSV or JSON file. */
  @Override
  public List<ScanSplit> splits(ScanRequest request, int parallelism) {
    return splitFiles(files(), request, parallelism);
  }

  /**
   * The rows of {@code files} cut into splits that may be read at once: each row group of a
   * Parquet file, each byte range of a CSV or JSON file ({@link TextRangeSplit}: about a fourth of
   * the batch's bytes per worker, from 1 MB to 8 MB, or option 'split-size'); empty when there
   * would be only one.
   */
  List<ScanSplit> splitFiles(List<Path> files, ScanRequest request, int parallelism) {
    if (parallelism < 2 || files.isEmpty()) {
      return List.of();
    }
    List<ScanSplit> splits = new ArrayList<>();
    if (options.format == FileFormat.PARQUET) {
      for (Path file : files) {
        ParquetMetadata footer = ParquetScan.footer(file);
        for (int rowGroup = 0; rowGroup < footer.getBlocks().size(); rowGroup++) {
          int only = rowGroup;
          splits.add((rejects, consumer) -> scanRowGroup(file, footer, only, request, consumer));
        }
      }
    } else {
      long[] sizes = new long[files.size()];
      long total = 0;
      for (int f = 0; f < sizes.length; f++) {
        sizes[f] = fileSize(files.get(f));
        total += sizes[f];
      }
      long piece = options.splitSize > 0 ? options.splitSize
          : Math.max(MIN_SPLIT_BYTES, Math.min(MAX_SPLIT_BYTES, total / (4L * parallelism) + 1));
      for (int f = 0; f < sizes.length; f++) {
        TextRangeSplit previous = null;
        for (long from = 0; from == 0 || from < sizes[f]; from += piece) {
          previous = new TextRangeSplit(this, files.get(f), request, from, Math.min(sizes[f], from + piece), sizes[f],
              previous);
          splits.add(previous);
        }
      }
    }
    if (splits.size() < 2) {
      return List.of();
    }
    synchronized (this) {
      lastScanRowGroups = 0; // the splits add theirs
      lastScanRowGroupsSkipped = 0;
    }
    return splits;
  }

  private void scanRowGroup(Path file, ParquetMetadata footer, int rowGroup, ScanRequest request,
      BatchConsumer consumer) {
    Batch batch = Batch.allocate(types(request), Batch.DEFAULT_CAPACITY);
    ParquetScan scan = new ParquetScan(schema, request.columns(), request.predicates(), batch, consumer, parquetPages);
    try (scan) {
      scan.scan(file, footer, rowGroup);
    } finally {
      synchronized (this) {
        lastScanRowGroups += scan.rowGroups;
        lastScanRowGroupsSkipped += scan.rowGroupsSkipped;
      }
    }
  }

  private static long fileSize(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Cannot read file '" + file + "': " + e.getMessage(), e);
    }
  }

  private List<DataType> types(ScanRequest request) {
    List<DataType> types = new ArrayList<>(request.columns().length);
    for (int c : request.columns()) {
      if (c < 0 || c >= schema.size()) {
        throw new SluiceException(ErrorCode.INTERNAL_ERROR, "Scan of table '" + name + "' asks for column " + c
            + " of " + schema.size());
      }
      types.add(schema.column(c).type());
    }
    return types;
  }

  /**
   * Pushes the requested columns of every row of {@code files}, in order. Batches never hold
   * rows of two calls, so a caller that scans one file per call sees each file's rows apart.
   */
  void scanFiles(List<Path> files, ScanRequest request, BatchConsumer consumer) {
    scanFiles(files, null, request, null, consumer);
  }

  /**
   * Pushes the rows of {@code range} of CSV or JSON {@code file}, noting in it where the reading
   * ended. Given {@code handedOver}, the reader hands each batch to {@code consumer} for good and
   * fills the next one it gives ({@link RowAssembler#handingOver}), where by default it reuses one batch.
   */
  void scanRange(Path file, TextRange range, ScanRequest request, Supplier<Batch> handedOver, BatchConsumer consumer) {
    scanFiles(List.of(file), range, request, handedOver, consumer);
  }

  /** The files whole, or the one file's {@code range} (CSV, JSON) when it is not null. */
  private void scanFiles(List<Path> files, TextRange range, ScanRequest request, Supplier<Batch> handedOver,
      BatchConsumer consumer) {
    int[] columns = request.columns();
    List<DataType> types = types(request);
    // a reader that hands its batches over fills one given back from the start, rather than a new one per split
    Batch batch = handedOver == null ? null : handedOver.get();
    if (batch == null) {
      batch = Batch.allocate(types, Batch.DEFAULT_CAPACITY);
    } else {
      batch.reset();
    }
    if (options.format == FileFormat.PARQUET) {
      ParquetScan scan = new ParquetScan(schema, columns, request.predicates(), batch, consumer, parquetPages);
      try (scan) {
        for (Path file : files) {
          scan.scan(file);
        }
      } finally {
        synchronized (this) {
          lastScanRowGroups = scan.rowGroups;
          lastScanRowGroupsSkipped = scan.rowGroupsSkipped;
        }
      }
      return;
    }
    RowAssembler rows = new RowAssembler(options.format == FileFormat.CSV ? "CSV" : "JSON", schema, corruptIndex,
        options, columns, batch, consumer, request.rejects());
    if (handedOver != null) {
      rows.handingOver(types, handedOver);
    }
    try {
      if (options.format == FileFormat.CSV) {
        CsvScan scan = new CsvScan(options, schema.size(), corruptIndex, rows);
        for (Path file : files) {
          scan.scan(file, range != null ? range : TextRange.whole());
        }
      } else {
        JsonScan scan = new JsonScan(schema, corruptIndex, rows, options.maxLineSize);
        for (Path file : files) {
          scan.scan(file, range != null ? range : TextRange.whole());
        }
      }
      rows.flush();
    } finally {
      malformedRowsDropped.addAndGet(rows.dropped);
    }
  }

  /**
   * Starts writing a new file into the table's folder (created if missing). Batches carry all
   * columns in schema order; the permissive mode's corrupt-record column is not written.
   */
  @Override
  public Writer openWriter() {
    Path folder = options.path;
    if (Files.isRegularFile(folder)) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "Table '" + name + "' reads the single file '" + folder
          + "' and cannot take new rows; point option 'path' at a folder to insert.");
    }
    if (SinkManifest.exists(folder)) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "Table '" + name + "' reads the folder '" + folder
          + "' of a files sink, whose manifest decides which files count; it cannot take inserted rows.");
    }
    int[] columns = new int[schema.size() - (corruptIndex >= 0 ? 1 : 0)];
    for (int c = 0, k = 0; c < schema.size(); c++) {
      if (c != corruptIndex) {
        columns[k++] = c;
      }
    }
    try {
      Files.createDirectories(folder);
      switch (options.format) {
        case CSV:
          return new CsvFileWriter(this, FileWriterBase.newPart(folder, options.format), options, schema, columns);
        case JSON:
          return new JsonFileWriter(this, FileWriterBase.newPart(folder, options.format), schema, columns);
        default:
          return new ParquetTableWriter(this, FileWriterBase.newPart(folder, options.format), options, schema, columns, corruptIndex);
      }
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Cannot create a file in '" + folder + "': " + e.getMessage(), e);
    }
  }

  /** Called by writers after a commit: cached statistics no longer hold. */
  void filesChanged() {
    cachedStatistics = null;
  }

  /** The in-memory table that receives rows this table's scans reject (option 'rejects-table'), or null. */
  public String rejectsTable() {
    return options.rejectsTable;
  }

  /** Rows the dropmalformed mode has skipped, over all scans of this table. */
  public long malformedRowsDropped() {
    return malformedRowsDropped.get();
  }

  /** Parquet row groups the last scan considered. */
  public long lastScanRowGroups() {
    return lastScanRowGroups;
  }

  /** Parquet row groups the last scan skipped because their statistics ruled out a predicate. */
  public long lastScanRowGroupsSkipped() {
    return lastScanRowGroupsSkipped;
  }

  @Override
  public String describe() {
    int count = files().size();
    return "files " + options.format.optionValue() + " " + options.path + " (" + count + (count == 1 ? " file)" : " files)");
  }
}
