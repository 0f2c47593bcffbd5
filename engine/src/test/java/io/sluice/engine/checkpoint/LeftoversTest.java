package io.sluice.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.stream.StreamTestSession;
import io.sluice.engine.stream.StreamingQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Temporary files of writes a kill cut short (checkpoint records and state chunks, files-sink
 * parts and manifest entries) are deleted when the query starts again, and never read: each holds
 * bytes that would fail any reader.
 */
class LeftoversTest {
  private static final byte[] GARBAGE = "not a file anyone should read".getBytes();

  @TempDir
  Path temp;

  private static List<String> temporaryFiles(Path root) throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(p -> p.getFileName().toString().endsWith(".tmp")).forEach(p -> found.add(root.relativize(p).toString()));
    }
    return found;
  }

  private static void leave(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, GARBAGE);
  }

  @Test
  void temporaryFilesOfCutShortWritesAreRemovedOnRestart() throws IOException {
    Path in = temp.resolve("in");
    Path out = temp.resolve("out");
    Path ckpt = temp.resolve("ckpt");
    Files.createDirectories(in);
    Files.writeString(in.resolve("a.csv"), "1,x\n2,y\n");
    String script = "CREATE SOURCE events (id BIGINT, name VARCHAR) WITH (connector = 'files', path = '" + in
        + "', format = 'csv');"
        + " CREATE SINK copy WITH (connector = 'files', path = '" + out + "', format = 'csv');"
        + " SET 'pipeline.checkpoint' = '" + ckpt + "';";
    String insert = "INSERT INTO copy SELECT id, name FROM events";
    try (StreamTestSession t = new StreamTestSession(script)) {
      StreamingQuery q = t.start(insert);
      assertTrue(q.step());
      q.stop();
    }
    Path query = ckpt.resolve("copy");
    List<Path> leftovers = List.of(
        query.resolve(".metadata.1f2e3d4c5b6a7980.tmp"),
        query.resolve("offsets").resolve(".1.0123456789abcdef.tmp"),
        query.resolve("commits").resolve(".1.0123456789abcdef.tmp"),
        query.resolve("plan").resolve(".1.0123456789abcdef.tmp"),
        query.resolve("state").resolve("chunks").resolve(".00ff.0123456789abcdef.tmp"),
        out.resolve(".part-00000000-7-00000.csv.tmp"), // an attempt at batch 0, which another attempt committed
        out.resolve(".part-00000001-0-00000.csv.tmp"),
        out.resolve("_sluice_manifest").resolve(".00000000000000000001.tmp"));
    for (Path file : leftovers) {
      leave(file);
    }
    Files.writeString(in.resolve("b.csv"), "3,z\n");

    try (StreamTestSession t = new StreamTestSession(script)) {
      StreamingQuery q = t.start(insert);
      assertTrue(q.step());
      q.stop();
      for (Path file : leftovers) {
        assertFalse(Files.exists(file), "left over: " + file);
      }
      assertEquals(List.of(), temporaryFiles(temp));
      t.session.execute("CREATE TABLE copied (id BIGINT, name VARCHAR) WITH (connector = 'files', path = '" + out
          + "', format = 'csv')");
      assertEquals(List.of("1 | x", "2 | y", "3 | z"), t.rows("SELECT * FROM copied"));
    }
  }
}
