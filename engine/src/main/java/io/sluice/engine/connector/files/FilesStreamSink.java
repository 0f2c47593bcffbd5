package io.sluice.engine.connector.files;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.connector.StreamSink;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.catalog.stream.RowKind;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code files} connector as a sink ({@code CREATE SINK ... WITH (connector = 'files')}):
 * each micro-batch becomes its own files in the sink's folder, committed through
 * {@link SinkManifest}.
 *
 * <p>A batch's files are named {@code part-<batch>-<attempt>-<n>.<ext>} (batch 8 digits, n 5
 * digits, so names sort in write order) and written under hidden temporary names; commit renames
 * them into place, flushes the folder and then writes the batch's manifest entry, the commit
 * point. Opening a batch the manifest already records returns a writer that ignores everything,
 * so a batch run again after a failure is written once. Opening a batch that is not committed
 * first deletes what earlier attempts of it left behind (temporary files, and files renamed
 * before a crash stopped the manifest write), so even readers that ignore the manifest end up
 * seeing each batch once. Temporary files of any batch left by a kill are deleted then too.
 *
 * <p>Files are append-only, so the sink takes only {@link OutputMode#APPEND}; update and
 * complete output are refused with a message saying so. (Complete output could replace the
 * folder's contents every batch, but a reader following the folder would then see every row of
 * every batch; the memory sink is the place for a result that changes.) Option
 * {@code max-rows-per-file} splits a large batch over several files.
 */
final class FilesStreamSink implements StreamSink {
  private static final Pattern PART = Pattern.compile("\\.?part-(\\d+)-(\\d+)-\\d+\\.[A-Za-z]+(\\.tmp)?");

  private final String name;
  private final FilesOptions options;
  private final TableSchema declared;
  /** Attempts of this sink with an open writer: their files must not be cleaned away. */
  private final Set<String> activeAttempts = new HashSet<>();
  /** Whether the manifest folder was cleared of temporary entries (once per sink: they are never read). */
  private boolean manifestLeftoversRemoved;

  private FilesStreamSink(String name, FilesOptions options, TableSchema declared) {
    this.name = name;
    this.options = options;
    this.declared = declared;
  }

  static FilesStreamSink open(TableDefinition definition) {
    FilesOptions options = FilesOptions.parse(definition.options());
    if (Files.isRegularFile(options.path)) {
      throw FilesOptions.invalid("Option 'path' of sink '" + definition.name() + "' must name a folder, but '"
          + options.path + "' is a file.");
    }
    for (String key : List.of(FilesOptions.MAX_FILES_PER_TRIGGER, FilesOptions.MAX_ROWS_PER_TRIGGER,
        FilesOptions.FILE_ORDER, FilesOptions.MODE, FilesOptions.CORRUPT_COLUMN, FilesOptions.MAX_LINE_SIZE,
        FilesOptions.REJECTS_TABLE)) {
      if (definition.options().containsKey(key)) {
        throw FilesOptions.invalid("Option '" + key + "' applies to reading files, not to sink '"
            + definition.name() + "'.");
      }
    }
    TableSchema schema = definition.schema();
    return new FilesStreamSink(definition.name(), options, schema == null || schema.size() == 0 ? null : schema);
  }

  @Override
  public TableSchema schema() {
    return declared;
  }

  /** The sink's folder, absolute. */
  Path folder() {
    return options.path;
  }

  @Override
  public BatchWriter open(long batchId, OutputMode mode, TableSchema schema) {
    if (mode != OutputMode.APPEND) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "Sink '" + name + "' (connector 'files') takes only append"
          + " output, but the query produces " + mode.name().toLowerCase(java.util.Locale.ROOT) + " output: files"
          + " cannot take back rows once written. Write the query in append mode (e.g. a windowed aggregation that"
          + " emits when the watermark passes), or use a sink that takes changes (memory, console).");
    }
    if (batchId < 0) {
      throw new SluiceException(ErrorCode.INTERNAL_ERROR, "Batch id " + batchId + " is negative");
    }
    if (SinkManifest.isCommitted(options.path, batchId)) {
      return IGNORED_BATCH;
    }
    try {
      Files.createDirectories(options.path);
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Cannot create the folder '" + options.path + "' of sink '" + name
          + "': " + e.getMessage(), e);
    }
    int attempt;
    synchronized (activeAttempts) {
      attempt = cleanEarlierAttempts(batchId);
      activeAttempts.add(batchId + "-" + attempt);
    }
    return new Writer(batchId, attempt, schema == null ? declared : schema);
  }

  /**
   * Deletes files of uncommitted attempts of {@code batch} that no open writer owns, and the
   * temporary files of earlier batches (and manifest entries) that a kill left, and returns
   * the next attempt number: one more than any attempt seen in the folder.
   */
  private int cleanEarlierAttempts(long batch) {
    int next = 0;
    List<Path> stale = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(options.path)) {
      for (Path entry : entries) {
        Matcher m = PART.matcher(entry.getFileName().toString());
        if (!m.matches()) {
          continue;
        }
        long fileBatch = Long.parseLong(m.group(1));
        int attempt = Integer.parseInt(m.group(2));
        if (fileBatch == batch) {
          next = Math.max(next, attempt + 1);
        }
        // a temporary file of any batch that no open writer owns is a write cut short
        if ((fileBatch == batch || m.group(3) != null) && !activeAttempts.contains(fileBatch + "-" + attempt)) {
          stale.add(entry);
        }
      }
      for (String active : activeAttempts) {
        if (active.startsWith(batch + "-")) {
          next = Math.max(next, Integer.parseInt(active.substring(active.indexOf('-') + 1)) + 1);
        }
      }
      if (!manifestLeftoversRemoved) {
        try (DirectoryStream<Path> manifestTemporaries =
            Files.newDirectoryStream(SinkManifest.folder(options.path), ".*.tmp")) {
          manifestTemporaries.forEach(stale::add); // manifest entries whose write was cut short
        } catch (java.nio.file.NoSuchFileException e) {
          // no batch committed yet
        }
        manifestLeftoversRemoved = true;
      }
      for (Path file : stale) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Cannot clean up earlier attempts of batch " + batch + " in '"
          + options.path + "': " + e.getMessage(), e);
    }
    return next;
  }

  static String partName(long batch, int attempt, int index, FileFormat format) {
    return String.format("part-%08d-%d-%05d", batch, attempt, index) + format.extension();
  }

  @Override
  public String describe() {
    return "files " + options.format.optionValue() + " " + options.path;
  }

  private final class Writer implements BatchWriter {
    private final long batchId;
    private final int attempt;
    private final TableSchema schema;
    private final int[] columns;
    private final List<FileWriterBase> files = new ArrayList<>();
    private FileWriterBase current;
    private long rowsInCurrent;
    private long rows;
    private int[] split;
    private boolean committed;
    private boolean closed;

    Writer(long batchId, int attempt, TableSchema schema) {
      if (schema == null) {
        throw new SluiceException(ErrorCode.INTERNAL_ERROR, "Sink '" + name + "' was opened without a schema");
      }
      this.batchId = batchId;
      this.attempt = attempt;
      this.schema = schema;
      this.columns = new int[schema.size()];
      for (int c = 0; c < columns.length; c++) {
        columns[c] = c;
      }
    }

    @Override
    public void write(Batch batch, byte[] kinds) {
      if (committed || closed) {
        throw new SluiceException(ErrorCode.INTERNAL_ERROR, "Batch " + batchId + " of sink '" + name
            + "' is already " + (committed ? "committed" : "closed"));
      }
      int count = batch.rowCount();
      if (kinds != null) {
        for (int k = 0; k < count; k++) {
          byte kind = kinds[batch.row(k)];
          if (kind != RowKind.INSERT) {
            throw new SluiceException(ErrorCode.UNSUPPORTED, "Sink '" + name + "' (connector 'files') takes only"
                + " inserts, but batch " + batchId + " has a row of kind " + RowKind.symbol(kind) + ".");
          }
        }
      }
      int done = 0;
      while (done < count) {
        if (current == null || (options.maxRowsPerFile > 0 && rowsInCurrent == options.maxRowsPerFile)) {
          startFile();
        }
        long room = options.maxRowsPerFile > 0 ? options.maxRowsPerFile - rowsInCurrent : Long.MAX_VALUE;
        int take = (int) Math.min(room, count - done);
        if (done == 0 && take == count) {
          current.write(batch);
        } else {
          writeRange(batch, done, take);
        }
        done += take;
        rowsInCurrent += take;
        rows += take;
      }
    }

    /** Writes the selected rows {@code from .. from + count) by narrowing the selection for one call. */
    private void writeRange(Batch batch, int from, int count) {
      if (split == null || split.length < count) {
        split = new int[Math.max(count, 64)];
      }
      for (int k = 0; k < count; k++) {
        split[k] = batch.row(from + k);
      }
      int[] selection = batch.selection;
      int selected = batch.selectedCount;
      batch.selection = split;
      batch.selectedCount = count;
      try {
        current.write(batch);
      } finally {
        batch.selection = selection;
        batch.selectedCount = selected;
      }
    }

    private void startFile() {
      Path target = options.path.resolve(partName(batchId, attempt, files.size(), options.format));
      try {
        switch (options.format) {
          case CSV:
            current = new CsvFileWriter(null, target, options, schema, columns);
            break;
          case JSON:
            current = new JsonFileWriter(null, target, schema, columns);
            break;
          default:
            current = new ParquetTableWriter(null, target, options, schema, columns, -1);
        }
      } catch (IOException e) {
        throw new SluiceException(ErrorCode.IO_ERROR, "Cannot create file '" + target + "' of sink '" + name + "': "
            + e.getMessage(), e);
      }
      files.add(current);
      rowsInCurrent = 0;
    }

    @Override
    public void commit() {
      if (committed) {
        return;
      }
      if (closed) {
        throw new SluiceException(ErrorCode.INTERNAL_ERROR, "Batch " + batchId + " of sink '" + name
            + "' was closed before its commit");
      }
      try {
        if (SinkManifest.isCommitted(options.path, batchId)) {
          close(); // another writer of the same batch committed first: this one's rows are duplicates
          committed = true;
          return;
        }
        List<String> names = new ArrayList<>(files.size());
        for (FileWriterBase file : files) {
          file.commit();
          names.add(file.target().getFileName().toString());
        }
        SinkManifest.syncFolder(options.path);
        SinkManifest.write(options.path, new SinkManifest.Entry(batchId, attempt, rows, names));
        committed = true;
      } catch (RuntimeException e) {
        close();
        throw e;
      } finally {
        release();
      }
    }

    /** Deletes every file of this attempt, committed to its final name or not. */
    @Override
    public void close() {
      if (committed || closed) {
        return;
      }
      closed = true;
      try {
        for (FileWriterBase file : files) {
          file.close();
          Files.deleteIfExists(file.target());
        }
      } catch (IOException e) {
        throw new SluiceException(ErrorCode.IO_ERROR, "Cannot discard batch " + batchId + " of sink '" + name + "': "
            + e.getMessage(), e);
      } finally {
        release();
      }
    }

    private void release() {
      synchronized (activeAttempts) {
        activeAttempts.remove(batchId + "-" + attempt);
      }
    }
  }
}
