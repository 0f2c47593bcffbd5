package io.sluice.runtime.kernel;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.runtime.spill.SpillSpace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every join kind, either build side, with and without a residual: the grace join equals the in-memory one. */
class SpillingHashJoinerTest {
  // left: (k BIGINT, name VARCHAR, v BIGINT); right: (k BIGINT, name VARCHAR, w BIGINT)
  private static final List<DataType> SIDE = List.of(BIGINT, VARCHAR, BIGINT);

  /** Residual {@code left.v < right.w}, NULL as false. */
  private static final JoinCondition V_LESS_THAN_W = HashJoinerTest.V_LESS_THAN_W;

  @TempDir
  Path temp;

  private static List<List<Object>> randomRows(Random random, int n, int keyRange) {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(row(
          random.nextInt(8) == 0 ? null : (long) random.nextInt(keyRange),
          random.nextInt(8) == 0 ? null : "n" + random.nextInt(3),
          random.nextInt(10) == 0 ? null : (long) random.nextInt(100)));
    }
    return rows;
  }

  private interface Joiner {
    void build(Batch batch);

    void finishBuild();

    void probe(Batch batch, TestRows.Collector out);

    void finish(TestRows.Collector out);
  }

  private static List<String> run(Joiner joiner, HashJoiner.BuildSide side, List<List<Object>> left,
      List<List<Object>> right, Random random) {
    boolean buildLeft = side == HashJoiner.BuildSide.LEFT;
    for (Batch b : TestRows.batches(SIDE, buildLeft ? left : right, 200, random)) {
      joiner.build(b);
    }
    joiner.finishBuild();
    TestRows.Collector out = new TestRows.Collector();
    for (Batch b : TestRows.batches(SIDE, buildLeft ? right : left, 200, random)) {
      joiner.probe(b, out);
    }
    joiner.finish(out);
    return TestRows.canonical(out.rows);
  }

  @ParameterizedTest
  @EnumSource(JoinKind.class)
  void graceJoinEqualsInMemoryJoin(JoinKind kind) throws IOException {
    Random random = new Random(kind.ordinal() * 31L + 5);
    List<List<Object>> left = randomRows(random, 1500, 400);
    List<List<Object>> right = randomRows(random, 1200, 400);
    for (HashJoiner.BuildSide side : HashJoiner.BuildSide.values()) {
      for (JoinCondition residual : new JoinCondition[] {null, V_LESS_THAN_W}) {
        for (int[][] keys : new int[][][] {{{0}, {0}}, {{0, 1}, {0, 1}}}) {
          HashJoiner memory = new HashJoiner(kind, SIDE, SIDE, keys[0], keys[1], side, residual);
          List<String> want = run(new Joiner() {
            public void build(Batch b) { memory.build(b); }
            public void finishBuild() { memory.finishBuild(); }
            public void probe(Batch b, TestRows.Collector out) { memory.probe(b, out); }
            public void finish(TestRows.Collector out) { memory.finish(out); }
          }, side, left, right, random);
          SpillSpace space = new SpillSpace(temp, 8192);
          try (SpillingHashJoiner spilling = new SpillingHashJoiner(kind, SIDE, SIDE, keys[0], keys[1], side,
              residual, space)) {
            List<String> got = run(new Joiner() {
              public void build(Batch b) { spilling.build(b); }
              public void finishBuild() { spilling.finishBuild(); }
              public void probe(Batch b, TestRows.Collector out) { spilling.probe(b, out); }
              public void finish(TestRows.Collector out) { spilling.finish(out); }
            }, side, left, right, random);
            String what = kind + " build " + side + " residual " + (residual != null) + " keys " + keys[0].length;
            assertEquals(want.size(), got.size(), what);
            assertEquals(want, got, what);
            assertEquals(true, spilling.spilled(), what);
          }
          assertEquals(List.of(), ExternalSortTest.filesIn(space.folder()), "partition files are deleted");
          space.close();
        }
      }
    }
  }
}
