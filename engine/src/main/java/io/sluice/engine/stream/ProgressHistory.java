package io.sluice.engine.stream;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.engine.result.BatchProgress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A continuous query's progress records: the last {@value #KEPT} in memory (SHOW PROGRESS, the
 * driver, the web page) and, with {@code 'pipeline.progress'}, every one as a JSON line in a file.
 */
final class ProgressHistory {
  private static final int KEPT = 100;
  private final Deque<BatchProgress> kept = new ArrayDeque<>();
  /** The JSON lines file, or null. */
  private final Path file;

  ProgressHistory(Path file) {
    this.file = file;
  }

  /** Appends {@code p} to the file, if there is one; on the batch's thread, before {@link #keep}. */
  void write(BatchProgress p) {
    if (file == null) {
      return;
    }
    try {
      Files.writeString(file, p.toJson() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Cannot write progress to " + file + ": " + e.getMessage(), e);
    }
  }

  /** Keeps {@code p} among the last records, dropping the oldest beyond {@value #KEPT}; under the query's lock. */
  void keep(BatchProgress p) {
    kept.addLast(p);
    if (kept.size() > KEPT) {
      kept.removeFirst();
    }
  }

  /** The records kept, oldest first; under the query's lock. */
  List<BatchProgress> list() {
    return new ArrayList<>(kept);
  }
}
