package io.sluice.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.engine.Session;
import io.sluice.engine.stream.StreamTestSession;
import io.sluice.engine.stream.StreamingQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restarts through a checkpoint on the local disk: the query goes on where it stopped, a second
 * query is kept off a checkpoint in use, a changed query keeps the state or is refused with what
 * changed, and every kind of damaged checkpoint file is refused with its name.
 */
class CheckpointRestartTest {
  private static final String COUNTS = "INSERT INTO counts SELECT k, COUNT(*) AS n, SUM(v) AS total FROM events"
      + " GROUP BY k";

  @TempDir
  Path temp;
  private StreamTestSession t;
  private Session session;
  private Path checkpoint;

  @BeforeEach
  void setUp() {
    t = new StreamTestSession("CREATE SOURCE events (k VARCHAR, v BIGINT) WITH (connector = 'memory');"
        + " CREATE SINK counts WITH (connector = 'memory');"
        + " SET 'pipeline.checkpoint' = '" + temp.resolve("ckpt") + "';");
    session = t.session;
    checkpoint = temp.resolve("ckpt").resolve("counts");
  }

  @AfterEach
  void tearDown() {
    t.close();
  }

  private StreamingQuery start(String insert) {
    return t.start(insert);
  }

  private void rows(String values) {
    session.execute("INSERT INTO events VALUES " + values);
  }

  private List<String> sink() {
    return t.rows("SELECT * FROM counts");
  }

  /** Three committed batches, then the query stops. */
  private void threeBatches() {
    StreamingQuery q = start(COUNTS);
    rows("('a', 1), ('b', 2)");
    assertTrue(q.step());
    rows("('a', 10)");
    assertTrue(q.step());
    rows("('c', 5), ('b', 20)");
    assertTrue(q.step());
    q.stop();
  }

  @Test
  void restartedQueryGoesOnFromItsCheckpoint() {
    threeBatches();
    assertEquals(List.of("a | 2 | 11", "b | 2 | 22", "c | 1 | 5"), sink());
    StreamingQuery again = start(COUNTS);
    assertEquals(3, again.batches());
    assertTrue(!again.step(), "nothing new to read");
    rows("('a', 100)");
    assertTrue(again.step());
    assertEquals(List.of("a | 3 | 111", "b | 2 | 22", "c | 1 | 5"), sink());
    assertEquals(4, again.batches());
  }

  @Test
  void aSecondQueryIsKeptOffACheckpointInUse() {
    StreamingQuery first = start(COUNTS);
    SluiceException e = assertThrows(SluiceException.class, () -> session.execute(COUNTS));
    assertEquals(ErrorCode.CHECKPOINT_IN_USE, e.code());
    assertTrue(e.getMessage().contains("is in use by query " + first.id()), e.getMessage());
    first.stop();
    assertNotNull(start(COUNTS), "the checkpoint is free once the first query stopped");
  }

  @Test
  void aChangeThatKeepsTheStateIsTakenAndOneThatDoesNotIsRefusedWithWhatChanged() {
    threeBatches();
    // another projection and a filter above the aggregate keep its state
    StreamingQuery changed = start("INSERT INTO counts SELECT k, COUNT(*) AS n, SUM(v) AS total FROM events"
        + " GROUP BY k HAVING COUNT(*) > 0");
    rows("('c', 1)");
    assertTrue(changed.step());
    assertEquals(List.of("a | 2 | 11", "b | 2 | 22", "c | 2 | 6"), sink());
    changed.stop();
    SluiceException e = assertThrows(SluiceException.class, () -> session.execute(
        "INSERT INTO counts SELECT k, COUNT(*) AS n, MAX(v) AS total FROM events GROUP BY k"));
    assertEquals(ErrorCode.CHECKPOINT_INCOMPATIBLE, e.code());
    assertTrue(e.getMessage().contains("stateful operator 1 was GroupAggregate"), e.getMessage());
    assertTrue(e.getMessage().contains(checkpoint.toString()), e.getMessage());
  }

  /** Each kind of file, damaged three ways, is refused with its name; nothing is written on the way. */
  @Test
  void damagedCheckpointFilesAreRefusedWithTheirNames() throws IOException {
    threeBatches();
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(checkpoint)) {
      walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("lock")).sorted()
          .forEach(files::add);
    }
    List<String> kinds = new ArrayList<>();
    for (Path file : files) {
      String relative = checkpoint.relativize(file).toString();
      String kind = relative.contains("/") ? relative.substring(0, relative.indexOf('/')) : relative;
      if (!kinds.contains(kind)) {
        kinds.add(kind);
      }
      byte[] original = Files.readAllBytes(file);
      for (String damage : List.of("flip", "truncate", "delete")) {
        byte[] damaged = null;
        if (damage.equals("flip")) {
          damaged = original.clone();
          damaged[damaged.length / 2] ^= 0x10;
          Files.write(file, damaged);
        } else if (damage.equals("truncate")) {
          Files.write(file, java.util.Arrays.copyOf(original, original.length * 2 / 3));
        } else {
          Files.delete(file);
        }
        boolean recoverable = damage.equals("delete") && isLastOfItsKind(relative);
        try {
          StreamingQuery q = start(COUNTS);
          q.stop();
          assertTrue(recoverable, relative + " " + damage + ": the query started");
        } catch (SluiceException e) {
          assertEquals(ErrorCode.CHECKPOINT_ERROR, e.code(), relative + " " + damage + ": " + e.getMessage());
          String named = damage.equals("delete") && !relative.startsWith("state") && !relative.equals("metadata")
              ? relative.substring(0, relative.indexOf('/') + 1) : relative;
          assertTrue(e.getMessage().contains(checkpoint.resolve(named).toString().replaceAll("/$", "")),
              relative + " " + damage + ": " + e.getMessage());
        }
        Files.write(file, original);
      }
    }
    assertEquals(List.of("commits", "metadata", "offsets", "plan", "state"), kinds.stream().sorted().toList());
    // and with every file restored, the query goes on
    StreamingQuery q = start(COUNTS);
    assertEquals(3, q.batches());
  }

  /**
   * A deleted last commit is a crash before the commit point: that batch runs again (its sink
   * output is kept once by batch id), so it is recovered, not refused. So is a deleted last plan
   * record of a checkpoint that has more than one.
   */
  private static boolean isLastOfItsKind(String relative) {
    return relative.equals("commits/2");
  }
}
