package io.sluice.runtime.spill;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where the sorts, aggregations and joins of one query put the rows that do not fit in memory,
 * and how much memory each of them may hold before it spills: the query's memory budget shared
 * equally by the operators that {@link #addOperator register} (the whole budget when none did,
 * as for a kernel used alone).
 *
 * <p>The folder ({@code sluice-spill-*} under the parent folder, java.io.tmpdir by default) is
 * made when the first file is asked for, so a query that fits in memory touches no disk. {@link
 * #close} deletes it with every file in it; the plan that owns the space closes it when a run
 * ends, also after a failure or a cancel. A space may be used again after closing (a continuous
 * query runs its plan once per micro-batch): the next file makes a new folder.
 */
public final class SpillSpace implements AutoCloseable {
  /** The option that sets the memory an operator may hold before it spills. */
  public static final String MEMORY_OPTION = "pipeline.state.memory";
  /** The option that names the folder spill files go under. */
  public static final String PATH_OPTION = "execution.spill-path";

  private final Path parent;
  private final long memoryBudget;
  private int operators;
  private Path folder;
  private int filesMade;
  private long bytesWritten;
  private int filesWritten;

  /**
   * @param parent the folder to make the query's spill folder in
   * @param memoryBudget bytes the query's sorts, aggregations and joins hold together before they spill
   */
  public SpillSpace(Path parent, long memoryBudget) {
    if (memoryBudget <= 0) {
      throw new IllegalArgumentException("memory budget " + memoryBudget);
    }
    this.parent = parent;
    this.memoryBudget = memoryBudget;
  }

  /** A space under java.io.tmpdir whose operators never spill: for plans run without a session. */
  public static SpillSpace unlimited() {
    return new SpillSpace(Paths.get(System.getProperty("java.io.tmpdir")), Long.MAX_VALUE);
  }

  /** Counts one more operator of the query that may spill: the budget is shared by one more. */
  public synchronized void addOperator() {
    operators++;
  }

  /** Bytes a sort, aggregation or join may hold before it spills: its share of the budget. */
  public synchronized long memoryLimit() {
    return memoryBudget / Math.max(1, operators);
  }

  /** The folder spill files go in while the space is open, or null before the first file. */
  public synchronized Path folder() {
    return folder;
  }

  /** Bytes written to spill files since the space was made. */
  public synchronized long bytesWritten() {
    return bytesWritten;
  }

  /** Spill files written since the space was made. */
  public synchronized int filesWritten() {
    return filesWritten;
  }

  /** A new file name in the query's spill folder, made on first use; {@code kind} says what it holds. */
  synchronized Path newFile(String kind) {
    if (folder == null) {
      try {
        folder = Files.createTempDirectory(parent, "sluice-spill-");
      } catch (IOException e) {
        throw failure("make a spill folder in", parent, e);
      }
    }
    filesWritten++;
    return folder.resolve(kind + "-" + filesMade++ + ".spill");
  }

  synchronized void written(long bytes) {
    bytesWritten += bytes;
  }

  /** Deletes the spill folder and every file in it. */
  @Override
  public synchronized void close() {
    if (folder == null) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
      for (Path file : files) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(folder);
    } catch (IOException e) {
      throw failure("delete the spill folder", folder, e);
    } finally {
      folder = null;
    }
  }

  /**
   * The error of a spill file that could not be written or read: what was done, where, why, and
   * what helps.
   */
  static SluiceException failure(String action, Path path, IOException e) {
    String reason = e instanceof AccessDeniedException ? "permission denied"
        : e instanceof NoSuchFileException ? "no such file or folder"
        : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new SluiceException(ErrorCode.IO_ERROR, "Could not " + action + " " + path + " (" + reason
        + ") while spilling rows that do not fit in memory. Free disk space there, set '" + PATH_OPTION
        + "' to a folder with room, or raise '" + MEMORY_OPTION + "'.", e);
  }
}
