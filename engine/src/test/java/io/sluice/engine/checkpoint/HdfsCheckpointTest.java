package io.sluice.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.engine.Session;
import io.sluice.engine.stream.StreamTestSession;
import io.sluice.engine.stream.StreamingQuery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints on a real HDFS: a name node and a data node started in this JVM (Hadoop's
 * MiniDFSCluster, once for the class: a start costs seconds), and queries whose {@code
 * pipeline.checkpoint} is an {@code hdfs://} URI. A restarted query goes on exactly where it
 * stopped, the lock file keeps a second query off, and a damaged file is refused with its
 * {@code hdfs://} name.
 */
class HdfsCheckpointTest {
  private static final String COUNTS = "INSERT INTO counts SELECT k, COUNT(*) AS n, SUM(v) AS total FROM events"
      + " GROUP BY k";
  private static final String COPIED = "INSERT INTO copied SELECT k, v FROM events WHERE v > 1";

  @TempDir
  static Path storage;
  private static MiniDFSCluster cluster;
  /** The test's own client, to look at and damage what the queries wrote. */
  private static FileSystem hdfs;

  private String location;
  private StreamTestSession t;
  private Session session;

  @BeforeAll
  static void startCluster() throws IOException {
    // The name node and the data node serve their web pages from the test resources webapps/, empty:
    // from the jar, Jetty would unpack them reading the whole 56 MB jar, which took 7 to 13 of the 14 to
    // 21 seconds a start took. One data node: each file has one replica.
    cluster = new MiniDFSCluster.Builder(new Configuration(), storage.toFile()).numDataNodes(1).build();
    cluster.waitActive();
    hdfs = cluster.getFileSystem();
  }

  @AfterAll
  static void stopCluster() throws IOException {
    if (hdfs != null) {
      hdfs.close();
    }
    if (cluster != null) {
      cluster.shutdown();
    }
  }

  @BeforeEach
  void setUp(TestInfo test) {
    location = cluster.getURI() + "/checkpoints/" + test.getTestMethod().orElseThrow().getName();
    t = new StreamTestSession("CREATE SOURCE events (k VARCHAR, v BIGINT) WITH (connector = 'memory');"
        + " CREATE SINK counts WITH (connector = 'memory');"
        + " CREATE SINK copied WITH (connector = 'memory');"
        + " SET 'pipeline.checkpoint' = '" + location + "';");
    session = t.session;
  }

  @AfterEach
  void tearDown() {
    t.close();
  }

  private void rows(String values) {
    session.execute("INSERT INTO events VALUES " + values);
  }

  private org.apache.hadoop.fs.Path file(String query, String relative) {
    return new org.apache.hadoop.fs.Path(location + "/" + query + "/" + relative);
  }

  private CommitRecord lastCommit(String query) throws IOException {
    try (HadoopCheckpointFileSystem fs = HadoopCheckpointFileSystem.open(location + "/" + query)) {
      Checkpoint checkpoint = Checkpoint.inspect(fs);
      return checkpoint.readCommit(checkpoint.committedBatches().last());
    }
  }

  private OffsetRecord readOffsets(String query, long batch) throws IOException {
    try (HadoopCheckpointFileSystem fs = HadoopCheckpointFileSystem.open(location + "/" + query)) {
      return Checkpoint.inspect(fs).readOffsets(batch);
    }
  }

  /** Three committed batches of both queries, then they stop. */
  private void threeBatches() {
    StreamingQuery counts = t.start(COUNTS);
    StreamingQuery copied = t.start(COPIED);
    rows("('a', 1), ('b', 2)");
    assertTrue(counts.step());
    assertTrue(copied.step());
    rows("('a', 10)");
    assertTrue(counts.step());
    assertTrue(copied.step());
    rows("('c', 5), ('b', 20)");
    assertTrue(counts.step());
    assertTrue(copied.step());
    counts.stop();
    copied.stop();
  }

  @Test
  void aRestartedQueryGoesOnExactlyFromItsCheckpointOnHdfs() throws IOException {
    threeBatches();
    assertEquals(List.of("a | 2 | 11", "b | 2 | 22", "c | 1 | 5"), t.rows("SELECT * FROM counts"));
    assertEquals(List.of("a | 10", "b | 2", "b | 20", "c | 5"), t.rows("SELECT * FROM copied"));
    assertEquals(List.of("commits/0", "commits/1", "commits/2", "metadata", "offsets/0", "offsets/1",
        "offsets/2", "plan/0"), files("counts"), "no lock and no temporary file is left");
    CommitRecord before = lastCommit("counts");
    assertEquals(2, before.batch());

    StreamingQuery counts = t.start(COUNTS);
    StreamingQuery copied = t.start(COPIED);
    assertEquals(3, counts.batches());
    assertEquals(3, copied.batches());
    assertFalse(counts.step(), "nothing new to read");
    assertFalse(copied.step(), "nothing new to read");
    rows("('a', 100), ('d', 1)");
    assertTrue(counts.step());
    assertTrue(copied.step());
    assertEquals(List.of("a | 3 | 111", "b | 2 | 22", "c | 1 | 5", "d | 1 | 1"), t.rows("SELECT * FROM counts"));
    assertEquals(List.of("a | 10", "a | 100", "b | 2", "b | 20", "c | 5"), t.rows("SELECT * FROM copied"),
        "each row once");
    CommitRecord after = lastCommit("counts");
    assertEquals(3, after.batch());
    assertEquals(before.offsets().keySet(), after.offsets().keySet());
    assertNotEquals(before.offsets(), after.offsets(), "batch 3 read on");
    assertEquals(before.offsets(), readOffsets("counts", 3).startOffsets(), "batch 3 starts where batch 2 ended");
  }

  /**
   * A batch started but not committed (the commit record never reached HDFS) runs again with
   * the boundaries recorded before it ran, though more rows have come since; the sink keeps its
   * output once.
   */
  @Test
  void aBatchThatDidNotCommitRunsAgainWithItsRecordedBoundaries() throws IOException {
    threeBatches();
    CommitRecord committed = lastCommit("counts");
    for (String query : List.of("counts", "copied")) {
      assertTrue(hdfs.delete(file(query, "commits/2"), false));
    }
    rows("('a', 100)");
    StreamingQuery counts = t.start(COUNTS);
    StreamingQuery copied = t.start(COPIED);
    assertTrue(counts.step(), "batch 2 again");
    assertTrue(copied.step(), "batch 2 again");
    assertEquals(committed.offsets(), lastCommit("counts").offsets(), "batch 2 kept its boundaries");
    assertTrue(counts.step(), "then the new row");
    assertTrue(copied.step(), "then the new row");
    assertEquals(List.of("a | 3 | 111", "b | 2 | 22", "c | 1 | 5"), t.rows("SELECT * FROM counts"));
    assertEquals(List.of("a | 10", "a | 100", "b | 2", "b | 20", "c | 5"), t.rows("SELECT * FROM copied"));
  }

  @Test
  void theLockFileKeepsASecondQueryOffWhileTheFirstRuns() throws IOException {
    StreamingQuery first = t.start(COUNTS);
    assertTrue(hdfs.exists(file("counts", "lock")));
    SluiceException e = assertThrows(SluiceException.class, () -> session.execute(COUNTS));
    assertEquals(ErrorCode.CHECKPOINT_IN_USE, e.code());
    assertTrue(e.getMessage().contains("Checkpoint " + location + "/counts/ is in use by query " + first.id()),
        e.getMessage());
    assertTrue(e.getMessage().contains("delete " + location + "/counts/lock"), e.getMessage());
    rows("('a', 1)");
    assertTrue(first.step(), "the refused query took nothing from the first");
    first.stop();
    assertFalse(hdfs.exists(file("counts", "lock")), "stopping releases the lock");

    StreamingQuery second = t.start(COUNTS);
    assertEquals(1, second.batches());
    second.stop();
    // a process that died holding the lock leaves the file: the next query is refused until it is deleted
    try (FSDataOutputStream out = hdfs.create(file("counts", "lock"), false)) {
      out.write("query 7 of process 1234 on elsewhere\n".getBytes(StandardCharsets.UTF_8));
    }
    e = assertThrows(SluiceException.class, () -> session.execute(COUNTS));
    assertEquals(ErrorCode.CHECKPOINT_IN_USE, e.code());
    assertTrue(e.getMessage().contains("in use by query 7 of process 1234 on elsewhere (if that process is gone,"
        + " delete " + location + "/counts/lock)"), e.getMessage());
    assertTrue(hdfs.delete(file("counts", "lock"), false));
    assertEquals(1, t.start(COUNTS).batches());
  }

  @Test
  void aDamagedFileOnHdfsIsRefusedWithItsHdfsName() throws IOException {
    threeBatches();
    CommitRecord commit = lastCommit("counts");
    List<String> damaged = new ArrayList<>(List.of("commits/2", "offsets/1", "metadata"));
    damaged.add(commit.stateFiles().get(0).path());
    for (String relative : damaged) {
      byte[] original = read(file("counts", relative));
      byte[] flipped = original.clone();
      flipped[flipped.length / 2] ^= 0x10;
      write(file("counts", relative), flipped);
      SluiceException e = assertThrows(SluiceException.class, () -> session.execute(COUNTS), relative);
      assertEquals(ErrorCode.CHECKPOINT_ERROR, e.code(), e.getMessage());
      assertTrue(e.getMessage().contains("Checkpoint file " + location + "/counts/" + relative + " is corrupted"),
          e.getMessage());
      assertFalse(hdfs.exists(file("counts", "lock")), "the refused query let go of the lock");
      write(file("counts", relative), original);
    }
    assertEquals(3, t.start(COUNTS).batches(), "with the files restored, the query goes on");
  }

  private static byte[] read(org.apache.hadoop.fs.Path path) throws IOException {
    byte[] bytes = new byte[(int) hdfs.getFileStatus(path).getLen()];
    try (FSDataInputStream in = hdfs.open(path)) {
      in.readFully(0, bytes);
    }
    return bytes;
  }

  private static void write(org.apache.hadoop.fs.Path path, byte[] bytes) throws IOException {
    try (FSDataOutputStream out = hdfs.create(path, true)) {
      out.write(bytes);
    }
  }

  /** The files of a query's checkpoint on HDFS, state files left out (their names are random). */
  private List<String> files(String query) throws IOException {
    org.apache.hadoop.fs.Path root = file(query, "");
    List<String> names = new ArrayList<>();
    String prefix = hdfs.getFileStatus(root).getPath().toUri().getPath() + "/";
    RemoteIterator<LocatedFileStatus> all = hdfs.listFiles(root, true);
    while (all.hasNext()) {
      String relative = all.next().getPath().toUri().getPath().substring(prefix.length());
      if (!relative.startsWith("state/")) {
        names.add(relative);
      }
    }
    names.sort(null);
    return names;
  }
}
