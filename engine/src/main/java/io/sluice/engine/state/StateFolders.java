package io.sluice.engine.state;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Making and deleting the working folders of the disk state backend. */
final class StateFolders {
  /** The option that names the folder the state folders go under (as spill files do). */
  static final String PATH_OPTION = io.sluice.runtime.spill.SpillSpace.PATH_OPTION;

  private StateFolders() {}

  static Path make(Path parent, String prefix) {
    try {
      Files.createDirectories(parent);
      return Files.createTempDirectory(parent, prefix);
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Could not make a state folder in " + parent + " ("
          + e.getMessage() + ") for the disk state backend. Set '" + PATH_OPTION + "' to a folder you can write.", e);
    }
  }

  /** Deletes {@code folder} and everything in it; a folder already gone is fine. */
  static void delete(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    try {
      Files.walkFileTree(folder, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Could not delete the state folder " + folder + " ("
          + e.getMessage() + ")", e);
    }
  }
}
