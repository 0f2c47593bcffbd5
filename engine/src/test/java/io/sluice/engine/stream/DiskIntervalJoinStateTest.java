package io.sluice.engine.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.engine.result.BatchProgress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An interval join's rows on the disk state backend, through SQL and RocksDB: over a budget the
 * heap backend stops at (53200 naming the join), the disk backend goes on with the join's heap
 * bytes within the cache's share of the budget, writes rows out and reads back the keys a batch
 * touches, keeps its state across restarts that switch backend either way, gives the rows a batch
 * run gives (the unmatched shows padded once the watermark passes them), and leaves no files behind.
 * Shows spread over 20,000 ads, so a batch touches a part of the keys (a cache of the keys in use
 * over keys that every batch touches would read the whole state back every batch).
 */
class DiskIntervalJoinStateTest {
  private static final String JOIN = "INSERT INTO clicked SELECT s.id, s.ad, c.id AS click FROM shows s"
      + " LEFT JOIN clicks c ON s.ad = c.ad AND c.ts BETWEEN s.ts AND s.ts + INTERVAL '10' SECOND";
  /** 2024-01-01 10:00:00 UTC. */
  private static final long START = 1_704_103_200_000L;

  @TempDir
  Path temp;
  private StreamTestSession t;
  /** Shows and clicks so far: id, ad, time (millis). */
  private final List<long[]> shows = new ArrayList<>();
  private final List<long[]> clicks = new ArrayList<>();

  @BeforeEach
  void setUp() {
    t = new StreamTestSession("CREATE SOURCE shows (id BIGINT, ad BIGINT, ts TIMESTAMP(3),"
        + " WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH (connector = 'memory');"
        + " CREATE SOURCE clicks (id BIGINT, ad BIGINT, ts TIMESTAMP(3),"
        + " WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH (connector = 'memory');"
        + " CREATE SINK clicked WITH (connector = 'memory');"
        + " SET 'execution.spill-path' = '" + temp.resolve("work") + "';");
  }

  @AfterEach
  void tearDown() {
    t.close();
  }

  /** {@code n} rows {@code (first + i, ad, second)} over {@code ads} ads, at {@code second + i % 5} seconds after START. */
  private void insert(String source, List<long[]> into, long first, int n, int ads, long second) {
    StringBuilder values = new StringBuilder("INSERT INTO " + source + " VALUES ");
    for (int i = 0; i < n; i++) {
      long id = first + i;
      long ad = id * 7919 % ads;
      long millis = START + (second + i % 5) * 1000;
      values.append(i == 0 ? "" : ", ").append('(').append(id).append(", ").append(ad).append(", TIMESTAMP '")
          .append(java.time.Instant.ofEpochMilli(millis).toString().replace('T', ' ').replace("Z", "")).append("')");
      into.add(new long[] {id, ad, millis});
    }
    t.session.execute(values.toString());
  }

  private void budget(String budget, String backend) {
    t.session.execute("SET 'pipeline.state.memory' = '" + budget + "'");
    t.session.execute("SET 'pipeline.state.backend' = '" + backend + "'");
  }

  /** What a batch run gives over every row so far, for shows older than {@code watermark} minus the bound. */
  private List<String> joinedByABatchRun(long watermark) {
    List<String> rows = new ArrayList<>();
    for (long[] show : shows) {
      boolean matched = false;
      for (long[] click : clicks) {
        if (show[1] == click[1] && click[2] >= show[2] && click[2] <= show[2] + 10_000) {
          rows.add(show[0] + " | " + show[1] + " | " + click[0]);
          matched = true;
        }
      }
      if (!matched && show[2] + 10_000 < watermark) {
        rows.add(show[0] + " | " + show[1] + " | null"); // RowCursor.getString gives null for NULL
      }
    }
    Collections.sort(rows);
    return rows;
  }

  private static BatchProgress.Operator join(StreamingQuery q) {
    return q.progress().get(q.progress().size() - 1).operators().stream()
        .filter(o -> o.name().contains("Join")).findFirst().orElseThrow();
  }

  @Test
  void joinRowsOverATinyBudgetGoToDiskAndKeepThemAcrossRestartsOnEitherBackend() throws Exception {
    budget("64k", "heap");
    StreamingQuery onHeap = t.start(JOIN);
    insert("shows", shows, 0, 3000, 1000, 0); // the failed batch was not committed: the first run on disk reads them again
    SluiceException e = assertThrows(SluiceException.class, onHeap::step);
    assertEquals(ErrorCode.OUT_OF_MEMORY, e.code());
    assertTrue(e.getMessage().contains("Join"), e.getMessage());
    onHeap.stop();

    t.session.execute("SET 'pipeline.checkpoint' = '" + temp.resolve("ckpt") + "'");
    String[] backends = {"disk", "heap", "disk"};
    long id = 3000;
    for (int run = 0; run < backends.length; run++) {
      boolean disk = backends[run].equals("disk");
      budget(disk ? "1m" : "64m", backends[run]);
      StreamingQuery q = t.start(JOIN);
      for (int step = 0; step < 3; step++) {
        long second = run * 30 + step * 10; // after the watermark of the step before: no row is late
        insert("shows", shows, id, 3000, 20_000, second);
        insert("clicks", clicks, id + 100_000, 1500, 20_000, second + 3);
        id += 3000;
        assertTrue(q.step());
        BatchProgress.Operator join = join(q);
        if (disk) {
          assertTrue(join.stateBytes() <= (1 << 20) / 4, join.stateBytes() + " heap bytes, a cache of 256 KiB");
          assertTrue(join.stateRows() > 3000, join.stateRows() + " rows kept");
        }
      }
      String choice = DiskStateBackendTest.lastChoice(q, "rows in memory");
      assertTrue(backends[run].equals("heap") ? choice == null : !choice.contains(" 0 write-outs"),
          String.valueOf(choice));
      q.stop();
      q.awaitEnd();
    }
    // a show far later moves the watermark past every row before it: the unmatched ones come out padded
    budget("1m", "disk");
    StreamingQuery last = t.start(JOIN);
    insert("shows", shows, 1_000_000, 1, 20_000, 3600);
    insert("clicks", clicks, 1_100_000, 1, 20_000, 3600);
    assertTrue(last.step());
    insert("shows", shows, 1_000_001, 1, 20_000, 3601); // a batch that runs with the watermark the last one moved
    insert("clicks", clicks, 1_100_001, 1, 20_000, 3601);
    assertTrue(last.step());
    last.stop();
    last.awaitEnd();
    List<String> joined = t.rows("SELECT * FROM clicked");
    Collections.sort(joined);
    List<String> expected = joinedByABatchRun(START + 3599_000);
    List<String> missing = new ArrayList<>(expected);
    missing.removeAll(joined);
    List<String> extra = new ArrayList<>(joined);
    extra.removeAll(expected);
    assertEquals(List.of(), missing.subList(0, Math.min(5, missing.size())), missing.size() + " rows missing");
    assertEquals(List.of(), extra.subList(0, Math.min(5, extra.size())), extra.size() + " rows too many");
    assertEquals(expected.size(), joined.size());
    assertEquals(List.of(), DiskStateBackendTest.stateFolders(temp));
  }
}
