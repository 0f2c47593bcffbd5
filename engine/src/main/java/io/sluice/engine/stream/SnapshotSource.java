package io.sluice.engine.stream;

import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of an operator's snapshot or delta when they are not one heap array: pages on the
 * heap ({@link SnapshotPages}) or a local file ({@link SnapshotFile}). A checkpoint reads them
 * in pieces, so a large state is never copied into one array on its way to disk.
 */
public interface SnapshotSource {
  /** Reads the bytes from their start. */
  InputStream open() throws IOException;

  /** How many bytes there are. */
  long length();

  /**
   * Lets go of the bytes once nothing reads them any more: pages go back to their pool, a file is
   * deleted. For a snapshot handed to a checkpoint to write in the background, which calls it once
   * written; a failure to delete a file is left to the query's end, which deletes its folder.
   */
  void release();
}
