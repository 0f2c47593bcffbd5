package io.sluice.engine.connector.files;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.Statistics;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.connector.ColumnPredicate;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.ColumnVector;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.ParquetRuntimeException;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Reads Parquet files column by column, page by page: only the requested columns are fetched
 * ({@link ParquetPageReader}, parquet-hadoop supplies the footer only) and decoded, values go
 * straight into the batch's arrays a batch at a time ({@link ParquetColumnChunkReader}), and
 * row groups whose footer statistics rule out a pushed-down predicate are skipped unread.
 */
final class ParquetScan implements AutoCloseable {
  private final TableSchema schema;
  private final int[] requested;
  private final List<ColumnPredicate> predicates;
  private final Batch batch;
  private final BatchConsumer consumer;
  private final ParquetPageReader.Pool pool;
  /** Page readers by requested column, taken from the pool as needed and given back at close. */
  private final ParquetPageReader[] pages;
  private final ParquetPageReader.Codecs codecs = new ParquetPageReader.Codecs();
  long rowGroups;
  long rowGroupsSkipped;

  ParquetScan(TableSchema schema, int[] requested, List<ColumnPredicate> predicates, Batch batch,
      BatchConsumer consumer, ParquetPageReader.Pool pool) {
    this.pool = pool;
    this.schema = schema;
    this.requested = requested;
    this.predicates = predicates;
    this.batch = batch;
    this.consumer = consumer;
    this.pages = new ParquetPageReader[requested.length];
  }

  static ParquetReadOptions readOptions() {
    return ParquetReadOptions.builder(new PlainParquetConfiguration()).build();
  }

  static ParquetFileReader open(Path file) throws IOException {
    return ParquetFileReader.open(new LocalInputFile(file), readOptions());
  }

  /** Opens a file, reporting a file that is not Parquet (a plain RuntimeException) as an I/O error. */
  static ParquetFileReader openChecked(Path file) {
    try {
      return open(file);
    } catch (IOException | RuntimeException e) {
      throw readError(file, e);
    }
  }

  static ParquetMetadata footer(Path file) {
    try (ParquetFileReader reader = openChecked(file)) {
      return reader.getFooter();
    } catch (IOException e) {
      throw readError(file, e);
    }
  }

  static SluiceException readError(Path file, Exception e) {
    if (e instanceof SluiceException) {
      return (SluiceException) e;
    }
    return new SluiceException(ErrorCode.IO_ERROR, "Cannot read Parquet file '" + file + "': " + e.getMessage(), e);
  }

  /** The top-level field of the file with this name, ignoring case, or null. */
  static Type field(MessageType fileSchema, String name) {
    for (Type field : fileSchema.getFields()) {
      if (field.getName().equalsIgnoreCase(name)) {
        return field;
      }
    }
    return null;
  }

  void scan(Path file) {
    scan(file, footer(file), -1);
  }

  /** Reads row group {@code onlyRowGroup} of {@code file} (whose footer is {@code footer}), or all of them when it is -1. */
  void scan(Path file, ParquetMetadata footer, int onlyRowGroup) {
    String fileName = file.toString();
    MessageType fileSchema = footer.getFileMetaData().getSchema();
    int n = requested.length;
    ParquetColumnChunkReader[] readers = new ParquetColumnChunkReader[n];
    String[] fieldName = new String[n];
    int[] duplicateOf = new int[n];
    Arrays.fill(duplicateOf, -1);
    boolean anyColumn = false;
    for (int j = 0; j < n; j++) {
      String name = schema.column(requested[j]).name();
      Type field = field(fileSchema, name);
      if (field == null) {
        continue; // a column this file lacks reads as NULL
      }
      if (!field.isPrimitive() || field.isRepetition(Type.Repetition.REPEATED)) {
        throw new SluiceException(ErrorCode.UNSUPPORTED_TYPE, "Column '" + name + "' of Parquet file '" + fileName
            + "' is nested or repeated, which Sluice cannot read.");
      }
      fieldName[j] = field.getName();
      ParquetColumnConverter converter = ParquetColumnConverter.plan(field.asPrimitiveType(),
          schema.column(requested[j]).type(), name, fileName);
      for (int k = 0; k < j; k++) {
        if (field.getName().equals(fieldName[k])) {
          duplicateOf[j] = k;
          break;
        }
      }
      if (duplicateOf[j] < 0) {
        anyColumn = true;
        if (pages[j] == null) {
          pages[j] = pool.take();
        }
        ColumnDescriptor descriptor = fileSchema.getColumnDescription(new String[] {fieldName[j]});
        readers[j] = new ParquetColumnChunkReader(descriptor, converter, pages[j]);
      }
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ParquetPageReader.FileInput input = new ParquetPageReader.FileInput(channel, channel.size(), fileName, codecs);
      List<BlockMetaData> blocks = footer.getBlocks();
      for (int b = 0; b < blocks.size(); b++) {
        if (onlyRowGroup >= 0 && b != onlyRowGroup) {
          continue;
        }
        BlockMetaData block = blocks.get(b);
        rowGroups++;
        if (!mayMatch(block, fileSchema, fileName)) {
          rowGroupsSkipped++;
          continue;
        }
        if (!anyColumn) {
          emitRows(block.getRowCount(), null, duplicateOf);
          continue;
        }
        for (int j = 0; j < n; j++) {
          if (readers[j] != null) {
            ColumnChunkMetaData chunk = chunk(block, fieldName[j]);
            if (chunk == null) {
              throw new ParquetDecodingException("A row group of file '" + fileName + "' lacks column '"
                  + fieldName[j] + "' of its schema");
            }
            readers[j].start(input, chunk);
          }
        }
        emitRows(block.getRowCount(), readers, duplicateOf);
      }
    } catch (IOException | ParquetRuntimeException e) {
      // errors of the consumer pass through unchanged: only the file's own problems are wrapped
      throw readError(file, e);
    }
  }

  /** Gives the page readers back to the pool and releases the decompressors other codecs borrowed. */
  @Override
  public void close() {
    for (int j = 0; j < pages.length; j++) {
      if (pages[j] != null) {
        pool.give(pages[j]);
        pages[j] = null;
      }
    }
    codecs.close();
  }

  private void emitRows(long rowCount, ParquetColumnChunkReader[] readers, int[] duplicateOf) throws IOException {
    long remaining = rowCount;
    while (remaining > 0) {
      int count = (int) Math.min(Batch.DEFAULT_CAPACITY, remaining);
      if (readers != null) {
        for (int j = 0; j < requested.length; j++) {
          ColumnVector vector = batch.columns[j];
          if (duplicateOf[j] >= 0) {
            ColumnVector source = batch.columns[duplicateOf[j]];
            for (int i = 0; i < count; i++) {
              vector.copyFrom(source, i, i);
            }
          } else if (readers[j] == null) {
            for (int i = 0; i < count; i++) {
              if (vector instanceof BytesVector) {
                ((BytesVector) vector).setNullAt(i);
              } else {
                vector.setNull(i);
              }
            }
          } else {
            readers[j].read(vector, count);
          }
        }
      }
      batch.size = count;
      consumer.accept(batch);
      batch.reset();
      remaining -= count;
    }
  }

  /** Whether the row group's statistics allow a row that satisfies every predicate. */
  private boolean mayMatch(BlockMetaData block, MessageType fileSchema, String fileName) {
    for (ColumnPredicate predicate : predicates) {
      if (predicate.column() < 0 || predicate.column() >= schema.size()) {
        continue;
      }
      String name = schema.column(predicate.column()).name();
      long rowCount = block.getRowCount();
      ColumnChunkMetaData chunk = chunk(block, name);
      if (chunk == null) {
        if (field(fileSchema, name) == null && !predicate.mayMatch(null, null, rowCount, rowCount)) {
          return false; // the file lacks the column: all NULL
        }
        continue;
      }
      Object[] bounds = bounds(chunk, schema.column(predicate.column()).type(), name, fileName);
      if (bounds == null) {
        continue;
      }
      if (!predicate.mayMatch(bounds[0], bounds[1], (Long) bounds[2], rowCount)) {
        return false;
      }
    }
    return true;
  }

  private static ColumnChunkMetaData chunk(BlockMetaData block, String name) {
    for (ColumnChunkMetaData chunk : block.getColumns()) {
      String[] path = chunk.getPath().toArray();
      if (path.length == 1 && path[0].equalsIgnoreCase(name)) {
        return chunk;
      }
    }
    return null;
  }

  /**
   * Min, max (internal forms, null when unknown), null count (-1 when unknown) of a column chunk
   * and whether the bounds are known for every non-NULL value; null when it has no statistics.
   */
  private static Object[] bounds(ColumnChunkMetaData chunk, DataType type, String name, String fileName) {
    org.apache.parquet.column.statistics.Statistics<?> stats = chunk.getStatistics();
    if (stats == null || stats.isEmpty()) {
      return null;
    }
    long nulls = stats.isNumNullsSet() ? stats.getNumNulls() : -1;
    Object min = null;
    Object max = null;
    if (stats.hasNonNullValue()) {
      ParquetColumnConverter converter;
      try {
        converter = ParquetColumnConverter.plan(chunk.getPrimitiveType(), type, name, fileName);
      } catch (SluiceException e) {
        return null;
      }
      min = converter.statistic(stats.genericGetMin());
      max = converter.statistic(stats.genericGetMax());
      // a zero bound may have been written with either sign; widen it so that 0.0 = -0.0 holds
      if (min instanceof Double && (Double) min == 0.0) {
        min = -0.0;
      }
      if (max instanceof Double && (Double) max == 0.0) {
        max = 0.0;
      }
    }
    boolean complete = !stats.hasNonNullValue() || (min != null && max != null);
    return new Object[] {min, max, nulls, complete};
  }

  /** Exact row count and per-column min, max and null count over the footers of the files. */
  static Statistics statistics(List<Path> files, TableSchema schema) {
    double rows = 0;
    Map<String, Object[]> merged = new LinkedHashMap<>();
    Map<String, Boolean> usable = new HashMap<>();
    for (Path file : files) {
      ParquetMetadata footer = footer(file);
      MessageType fileSchema = footer.getFileMetaData().getSchema();
      for (BlockMetaData block : footer.getBlocks()) {
        rows += block.getRowCount();
        for (int c = 0; c < schema.size(); c++) {
          String name = schema.column(c).name();
          String key = name.toLowerCase(Locale.ROOT);
          if (Boolean.FALSE.equals(usable.get(key))) {
            continue;
          }
          ColumnChunkMetaData chunk = chunk(block, name);
          Object[] bounds;
          if (chunk == null) {
            bounds = field(fileSchema, name) == null ? new Object[] {null, null, block.getRowCount(), true} : null;
          } else {
            bounds = bounds(chunk, schema.column(c).type(), name, file.toString());
          }
          if (bounds == null || !(Boolean) bounds[3]) {
            usable.put(key, false);
            merged.remove(key);
            continue;
          }
          usable.put(key, true);
          Object[] total = merged.get(key);
          if (total == null) {
            merged.put(key, bounds);
          } else {
            total[0] = extreme(total[0], bounds[0], true);
            total[1] = extreme(total[1], bounds[1], false);
            long a = (Long) total[2];
            long b = ((Number) bounds[2]).longValue();
            total[2] = a < 0 || b < 0 ? -1L : a + b;
          }
        }
      }
    }
    Map<String, Statistics.ColumnStatistics> columns = new LinkedHashMap<>();
    for (Map.Entry<String, Object[]> entry : merged.entrySet()) {
      Object[] v = entry.getValue();
      columns.put(entry.getKey(), new Statistics.ColumnStatistics(v[0], v[1], ((Number) v[2]).longValue()));
    }
    return new Statistics(rows, true, columns);
  }

  /**
   * The smaller (or larger) of two bounds. A chunk with only NULLs has no bounds and does not
   * widen the others.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object extreme(Object a, Object b, boolean smaller) {
    if (a == null) {
      return b;
    }
    if (b == null || a.getClass() != b.getClass()) {
      return a;
    }
    int order = a instanceof String ? io.sluice.catalog.data.CodePointOrder.compare((String) a, (String) b)
        : ((Comparable) a).compareTo(b);
    return smaller ? (order <= 0 ? a : b) : (order >= 0 ? a : b);
  }
}
