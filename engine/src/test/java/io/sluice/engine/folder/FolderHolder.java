package io.sluice.engine.folder;

import io.sluice.engine.Database;
import java.nio.file.Path;

/** A child process for {@link DatabaseFolderTest}: opens a database folder, says so, and holds it until its input ends. */
public final class FolderHolder {
  private FolderHolder() {}

  public static void main(String[] args) throws Exception {
    try (Database held = Database.open(Path.of(args[0]))) {
      System.out.println(held.folder() == null ? "not a folder" : "open");
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold the folder until the parent closes our input
      }
    }
  }
}
