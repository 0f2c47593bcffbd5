package io.sluice.engine.connector.files;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.connector.RejectedRows;
import io.sluice.catalog.connector.ScanRequest;
import io.sluice.catalog.connector.StreamSource;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;

/**
 * The {@code files} connector as a stream source ({@code CREATE SOURCE ... WITH (connector =
 * 'files')}): a folder watched for new files, each read once, in the order option
 * {@code file-order} chooses ({@code name}, the default, or {@code modified}: modification time,
 * then name). Files are read with the bounded table's readers and options (formats, malformed-row
 * modes). Hidden files ('.'), internal ones ('_') and names without the format's extension (so
 * {@code .tmp}, {@code ._COPYING_} and the like) are never read.
 *
 * <p>When the folder is a {@code files} sink's folder (it has a {@code _sluice_manifest}), the
 * source follows the manifest instead of listing the folder: it reads the files of each committed
 * batch, in batch order, and never a file that is still being written or whose batch did not
 * commit. Option {@code file-order} does not apply then.
 *
 * <p>Limits per batch: {@code max-files-per-trigger} and {@code max-rows-per-trigger}; with a
 * row limit a file may be split over batches (its rows are counted once, the first time the
 * source plans a batch over it). Offsets are {@link FilesOffset}s: the end offset of a batch
 * names the exact files and row ranges the batch reads, so reading it again yields the same
 * rows even after more files arrived.
 *
 * <p>Files must not change once they appear in the folder (write elsewhere, then move in). A
 * file that appears later but sorts before files already read (an older modification time, a
 * smaller name) is not read: the position only moves forward.
 */
final class FilesStreamSource implements StreamSource {
  static final String ORDER_MANIFEST = "manifest";

  private final String name;
  private final FilesTable table;
  private final FilesOptions options;
  /** Row counts of files by name, size and modification time, for the row limit. */
  private final Map<String, Long> rowCounts = new ConcurrentHashMap<>();

  private FilesStreamSource(String name, FilesTable table) {
    this.name = name;
    this.table = table;
    this.options = table.options();
  }

  static FilesStreamSource open(TableDefinition definition) {
    FilesTable table = FilesTable.open(definition);
    if (Files.isRegularFile(table.path())) {
      throw FilesOptions.invalid("Option 'path' of source '" + definition.name() + "' must name a folder to watch,"
          + " but '" + table.path() + "' is a file. Use CREATE TABLE for a single file.");
    }
    if (definition.options().containsKey(FilesOptions.MAX_ROWS_PER_FILE)) {
      throw FilesOptions.invalid("Option 'max-rows-per-file' applies to sinks, not to source '"
          + definition.name() + "'.");
    }
    return new FilesStreamSource(definition.name(), table);
  }

  @Override
  public TableSchema schema() {
    return table.schema();
  }

  @Override
  public String initialOffset() {
    return FilesOffset.INITIAL.text();
  }

  /** A file of the folder with its place in the order. */
  private record Candidate(FilesOffset.Key key, Path path, long size, long modified) {}

  private String currentOrder() {
    if (SinkManifest.exists(options.path)) {
      return ORDER_MANIFEST;
    }
    return options.fileOrder.optionValue;
  }

  /** The folder's readable files after {@code position}, in order. */
  private List<Candidate> candidates(String order, FilesOffset position) {
    List<Candidate> result = new ArrayList<>();
    if (order.equals(ORDER_MANIFEST)) {
      // entries before the position's batch hold only files already read
      long firstBatch = position.done == null ? 0 : position.done.major();
      for (SinkManifest.Entry entry : SinkManifest.readFrom(options.path, firstBatch)) {
        for (String file : entry.files()) {
          if (options.format.matches(file)) {
            result.add(new Candidate(new FilesOffset.Key(entry.batch(), file), options.path.resolve(file), -1, -1));
          }
        }
      }
    } else {
      boolean byTime = order.equals(FilesOptions.FileOrder.MODIFIED.optionValue);
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(options.path)) {
        for (Path entry : entries) {
          String fileName = entry.getFileName().toString();
          if (!FilesTable.isDataFile(fileName, options.format)) {
            continue;
          }
          BasicFileAttributes attributes;
          try {
            attributes = Files.readAttributes(entry, BasicFileAttributes.class);
          } catch (NoSuchFileException e) {
            continue; // gone while listing
          }
          if (!attributes.isRegularFile()) {
            continue;
          }
          long modified = attributes.lastModifiedTime().toMillis();
          result.add(new Candidate(new FilesOffset.Key(byTime ? modified : 0, fileName), entry, attributes.size(),
              modified));
        }
      } catch (NoSuchFileException e) {
        return List.of(); // the folder does not exist yet
      } catch (IOException e) {
        throw new SluiceException(ErrorCode.IO_ERROR, "Cannot list folder '" + options.path + "' of source '" + name
            + "': " + e.getMessage(), e);
      }
    }
    result.removeIf(c -> position.done != null && c.key().compareTo(position.done) <= 0);
    result.sort((a, b) -> a.key().compareTo(b.key()));
    return result;
  }

  @Override
  public String nextEndOffset(String start) {
    FilesOffset position = FilesOffset.parse(start, name).position();
    String order = currentOrder();
    if (position.order != null && !position.order.equals(order)) {
      throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "Source '" + name + "' read folder '" + options.path
          + "' in " + position.order + " order, but it is now to be read in " + order + " order"
          + (order.equals(ORDER_MANIFEST) || position.order.equals(ORDER_MANIFEST)
              ? " (a files sink's manifest appeared or vanished)" : "")
          + ". Start the query again with a new checkpoint.");
    }
    List<Candidate> candidates = candidates(order, position);
    if (position.partial != null
        && (candidates.isEmpty() || !candidates.get(0).key().equals(position.partial))) {
      throw new SluiceException(ErrorCode.IO_ERROR, "File '" + position.partial.name() + "' of source '" + name
          + "', read in part up to row " + position.partialRows + ", is no longer in '" + options.path + "'.");
    }
    List<FilesOffset.FileRange> ranges = new ArrayList<>();
    FilesOffset.Key done = position.done;
    FilesOffset.Key partial = null;
    long partialRows = 0;
    long rowsLeft = options.maxRowsPerTrigger > 0 ? options.maxRowsPerTrigger : Long.MAX_VALUE;
    for (Candidate candidate : candidates) {
      if (options.maxFilesPerTrigger > 0 && ranges.size() == options.maxFilesPerTrigger) {
        break;
      }
      long from = candidate.key().equals(position.partial) ? position.partialRows : 0;
      if (options.maxRowsPerTrigger == 0) {
        ranges.add(new FilesOffset.FileRange(candidate.key(), from, -1));
        done = candidate.key();
        continue;
      }
      long available = rowCount(candidate) - from;
      if (available <= rowsLeft) {
        ranges.add(new FilesOffset.FileRange(candidate.key(), from, from + available));
        done = candidate.key();
        rowsLeft -= available;
        if (rowsLeft == 0) {
          break;
        }
      } else {
        ranges.add(new FilesOffset.FileRange(candidate.key(), from, from + rowsLeft));
        partial = candidate.key();
        partialRows = from + rowsLeft;
        break;
      }
    }
    if (ranges.isEmpty()) {
      return start;
    }
    return new FilesOffset(order, done, partial, partialRows, position, ranges).text();
  }

  /** The rows a scan of the file yields (after the malformed-row mode), counted once per file version. */
  private long rowCount(Candidate candidate) {
    String cacheKey = candidate.path() + "|" + candidate.size() + "|" + candidate.modified();
    Long cached = rowCounts.get(cacheKey);
    if (cached != null) {
      return cached;
    }
    long count;
    if (options.format == FileFormat.PARQUET) {
      count = 0;
      try (ParquetFileReader reader = ParquetScan.openChecked(candidate.path())) {
        for (BlockMetaData block : reader.getFooter().getBlocks()) {
          count += block.getRowCount();
        }
      } catch (IOException e) {
        throw ParquetScan.readError(candidate.path(), e);
      }
    } else {
      long[] rows = new long[1];
      table.scanFiles(List.of(candidate.path()), new ScanRequest(new int[0], List.of()),
          batch -> rows[0] += batch.rowCount());
      count = rows[0];
    }
    rowCounts.put(cacheKey, count);
    return count;
  }

  @Override
  public void read(String start, String end, ScanRequest request, BatchConsumer consumer) {
    if (start.equals(end)) {
      return; // an empty batch
    }
    FilesOffset from = FilesOffset.parse(start, name);
    FilesOffset to = FilesOffset.parse(end, name);
    if (to.from == null) {
      if (to.samePosition(from)) {
        return; // an empty batch
      }
      throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "Offset '" + end + "' of source '" + name
          + "' does not end a batch (it names no files).");
    }
    if (!to.from.samePosition(from.position())) {
      throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "Offsets '" + start + "' and '" + end + "' of source '"
          + name + "' are not the bounds of one batch: the end offset's batch starts at a different position.");
    }
    ScanRequest whole = request;
    // row positions must not depend on skipping; a range reports only the rejected rows among its own
    RejectedRows rejects = request.rejects();
    for (FilesOffset.FileRange range : to.files) {
      Path file = options.path.resolve(range.key().name());
      if (!Files.isRegularFile(file)) {
        throw new SluiceException(ErrorCode.IO_ERROR, "File '" + file + "' of source '" + name + "', which batch"
            + " offset '" + end + "' includes, no longer exists.");
      }
      if (range.whole()) {
        table.scanFiles(List.of(file), whole, consumer);
        continue;
      }
      long first = range.from();
      long last = range.to() < 0 ? Long.MAX_VALUE : range.to();
      RowRange rows = new RowRange(first, last, consumer);
      ScanRequest part = new ScanRequest(request.columns(), List.of(),
          (f, line, column, reason, raw, rawFrom, rawTo, kept, before) -> {
            if (before >= first && before < last) {
              rejects.rejected(f, line, column, reason, raw, rawFrom, rawTo, kept, before);
            }
          });
      try {
        table.scanFiles(List.of(file), part, rows);
      } catch (RowRange.Done e) {
        // the range's last row was passed on
      }
    }
  }

  @Override
  public String describe() {
    return "files " + options.format.optionValue() + " " + options.path + " (" + currentOrder() + " order)";
  }

  /** Passes on only rows {@code from .. to} of one file, marking them with the selection vector. */
  static final class RowRange implements BatchConsumer {
    /** Thrown to end a file's scan once the range is complete. */
    static final class Done extends RuntimeException {
      private static final long serialVersionUID = 1L;

      Done() {
        super(null, null, false, false);
      }
    }

    private final long from;
    private final long to;
    private final BatchConsumer consumer;
    private long seen;
    private int[] selection = new int[Batch.DEFAULT_CAPACITY];

    RowRange(long from, long to, BatchConsumer consumer) {
      this.from = from;
      this.to = to;
      this.consumer = consumer;
    }

    @Override
    public void accept(Batch batch) {
      int count = batch.rowCount();
      long low = Math.max(from, seen);
      long high = Math.min(to, seen + count);
      if (low < high) {
        if (low == seen && high == seen + count) {
          consumer.accept(batch);
        } else {
          int first = (int) (low - seen);
          int n = (int) (high - low);
          if (selection.length < n) {
            selection = new int[n];
          }
          for (int k = 0; k < n; k++) {
            selection[k] = batch.row(first + k);
          }
          int[] saved = batch.selection;
          int savedCount = batch.selectedCount;
          batch.selection = selection;
          batch.selectedCount = n;
          try {
            consumer.accept(batch);
          } finally {
            batch.selection = saved;
            batch.selectedCount = savedCount;
          }
        }
      }
      seen += count;
      if (seen >= to) {
        throw new Done();
      }
    }
  }
}
