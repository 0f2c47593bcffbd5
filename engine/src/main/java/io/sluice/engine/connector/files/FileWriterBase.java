package io.sluice.engine.connector.files;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.connector.WritableTable;
import io.sluice.catalog.data.Batch;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * Writes one new file of a table: first under a hidden temporary name that scans ignore, then
 * renamed into place by {@link #commit}, so readers see all of it or nothing.
 */
abstract class FileWriterBase implements WritableTable.Writer {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'");

  private final FilesTable table;
  final Path temporary;
  final Path target;
  private boolean committed;
  private boolean closed;

  /** A writer of the file {@code target}; {@code table} may be null (a sink's file). */
  FileWriterBase(FilesTable table, Path target) {
    this.table = table;
    this.target = target;
    this.temporary = target.resolveSibling(temporaryName(target.getFileName().toString()));
  }

  /** A new file name for a table's insert: time-stamped and unique. */
  static Path newPart(Path folder, FileFormat format) {
    return folder.resolve("part-" + STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-" + UUID.randomUUID()
        + format.extension());
  }

  /** The hidden name a file is written under before {@link #commit} renames it. */
  static String temporaryName(String name) {
    return "." + name + ".tmp";
  }

  @Override
  public final void write(Batch batch) {
    checkOpen();
    try {
      writeRows(batch);
    } catch (IOException e) {
      throw ioError(e);
    }
  }

  @Override
  public final void commit() {
    checkOpen();
    try {
      finish();
      try {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target);
      }
    } catch (IOException e) {
      close();
      throw ioError(e);
    }
    committed = true;
    if (table != null) {
      table.filesChanged();
    }
  }

  @Override
  public final void close() {
    if (committed || closed) {
      return;
    }
    closed = true;
    try {
      abort();
    } catch (IOException | RuntimeException e) {
      // the temporary file is deleted below; nothing else to release
    }
    try {
      Files.deleteIfExists(temporary);
    } catch (IOException e) {
      throw ioError(e);
    }
  }

  /** The file this writer creates on commit. */
  Path target() {
    return target;
  }

  private void checkOpen() {
    if (committed || closed) {
      throw new SluiceException(ErrorCode.INTERNAL_ERROR, "Writer for '" + target + "' is already "
          + (committed ? "committed" : "closed"));
    }
  }

  private SluiceException ioError(IOException e) {
    return new SluiceException(ErrorCode.IO_ERROR, "Cannot write file '" + target + "': " + e.getMessage(), e);
  }

  abstract void writeRows(Batch batch) throws IOException;

  /** Flushes and closes the temporary file. */
  abstract void finish() throws IOException;

  /** Releases the temporary file without finishing it. */
  abstract void abort() throws IOException;
}
