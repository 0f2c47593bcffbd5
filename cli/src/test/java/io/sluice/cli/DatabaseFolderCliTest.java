package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice --db FOLDER} and {@code sluice FOLDER}: the shell's database kept in a folder. */
class DatabaseFolderCliTest {
  @TempDir
  Path folder;

  @Test
  void whatOneRunMadeIsThereForTheNext() throws Exception {
    Path db = folder.resolve("db");
    MainTest.Outcome made = MainTest.run("--db", db.toString(), "-c",
        "CREATE TABLE t (id BIGINT, name VARCHAR); INSERT INTO t VALUES (1, 'Ada'), (2, 'Grace');"
            + " SET 'pipeline.trigger' = 'once'");
    assertEquals(0, made.status(), made.err());
    assertTrue(Files.exists(db.resolve("catalog")));
    Database.open(db).close(); // the process would end here, releasing the folder

    MainTest.Outcome read = MainTest.withStdin("SELECT name FROM t ORDER BY id; SHOW SETTINGS;", db.toString());
    assertEquals(0, read.status(), read.err());
    assertTrue(read.out().contains("Ada"), read.out());
    assertTrue(read.out().contains("Grace"), read.out());
    assertTrue(read.out().matches("(?s).*pipeline\\.trigger\\s+│\\s+once\\s+│\\s+database.*"), read.out());
    Database.open(db).close();

    MainTest.Outcome missing = MainTest.run("--db");
    assertEquals(2, missing.status());
    assertTrue(missing.err().contains("--db needs a folder"), missing.err());
  }
}
