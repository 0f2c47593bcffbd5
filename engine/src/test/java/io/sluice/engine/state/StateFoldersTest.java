package io.sluice.engine.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State folders left by a killed process are deleted by the next one made in the same place; a
 * folder whose process still holds it is kept. (JdbcCrashTest shows it across real processes.)
 */
class StateFoldersTest {
  @TempDir
  Path parent;

  @Test
  void aFolderNoProcessHoldsIsDeletedAndOneHeldIsKept() throws Exception {
    Path abandoned = Files.createDirectories(parent.resolve("sluice-state-123"));
    Files.createFile(abandoned.resolve(StateFolders.OWNER)); // no process holds its lock
    Files.createDirectories(abandoned.resolve("0"));
    Path foreign = Files.createDirectories(parent.resolve("sluice-state-old")); // no owner file: left alone
    try (StateFolders.Owned first = StateFolders.make(parent, "sluice-state-")) {
      assertFalse(Files.exists(abandoned), "the abandoned folder is deleted");
      assertTrue(Files.exists(foreign));
      try (StateFolders.Owned second = StateFolders.make(parent, "sluice-state-")) {
        assertTrue(Files.isDirectory(first.folder()), "a folder this process holds is kept");
        assertTrue(Files.isDirectory(second.folder()));
        assertEquals(0, StateFolders.deleteAbandoned(parent, "sluice-state-"));
      }
    }
    try (var left = Files.list(parent)) {
      assertEquals(java.util.List.of(foreign), left.toList(), "closed folders are deleted");
    }
  }
}
