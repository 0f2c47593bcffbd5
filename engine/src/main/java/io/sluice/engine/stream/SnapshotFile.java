package io.sluice.engine.stream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A full operator snapshot kept in a local file instead of a heap array: an operator on the disk
 * state backend can hold more state than memory, so its snapshot is written to its query's state
 * folder on the way to the checkpoint ({@link SnapshotBuffer}), and the checkpoint reads it from
 * there in pieces. The file lives until the query's next snapshot or its end.
 *
 * @param path the file
 * @param length its bytes
 */
public record SnapshotFile(Path path, long length) implements SnapshotSource {
  /** Reads the snapshot from its start. */
  @Override
  public InputStream open() throws IOException {
    return new BufferedInputStream(Files.newInputStream(path), 1 << 16);
  }

  @Override
  public void release() {
    try {
      delete();
    } catch (IOException e) {
      // the state folder, and the file with it, is deleted when the query ends
    }
  }

  /** Deletes the file; one already gone is fine. */
  void delete() throws IOException {
    Files.deleteIfExists(path);
  }
}
