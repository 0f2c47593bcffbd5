package io.sluice.runtime.kernel;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.LongVector;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HashJoinerTest {
  // left: (k BIGINT, name VARCHAR, v BIGINT); right: (k BIGINT, name VARCHAR, w BIGINT)
  private static final List<DataType> LEFT = List.of(BIGINT, VARCHAR, BIGINT);
  private static final List<DataType> RIGHT = List.of(BIGINT, VARCHAR, BIGINT);

  /** Residual {@code left.v < right.w}, NULL as false. */
  static final JoinCondition V_LESS_THAN_W = (candidates, passing) -> {
    LongVector v = (LongVector) candidates.columns[2];
    LongVector w = (LongVector) candidates.columns[5];
    int count = 0;
    for (int i = 0; i < candidates.size; i++) {
      if (!v.isNull(i) && !w.isNull(i) && v.values[i] < w.values[i]) {
        passing[count++] = i;
      }
    }
    return count;
  };

  private static List<List<Object>> randomRows(Random random, int n, int keyRange) {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Long key = random.nextInt(8) == 0 ? null : (long) random.nextInt(keyRange);
      String name = random.nextInt(8) == 0 ? null : "n" + random.nextInt(2);
      Long value = random.nextInt(10) == 0 ? null : (long) random.nextInt(100);
      rows.add(row(key, name, value));
    }
    return rows;
  }

  private static List<List<Object>> reference(JoinKind kind, List<List<Object>> left, List<List<Object>> right,
      int[] keys, BiPredicate<List<Object>, List<Object>> residual) {
    List<List<Object>> out = new ArrayList<>();
    boolean[] rightMatched = new boolean[right.size()];
    for (List<Object> l : left) {
      boolean matched = false;
      for (int j = 0; j < right.size(); j++) {
        List<Object> r = right.get(j);
        boolean equal = true;
        for (int key : keys) {
          equal &= l.get(key) != null && r.get(key) != null && Objects.equals(l.get(key), r.get(key));
        }
        if (equal && (residual == null || residual.test(l, r))) {
          matched = true;
          rightMatched[j] = true;
          if (kind != JoinKind.SEMI && kind != JoinKind.ANTI) {
            out.add(TestRows.concat(l, r));
          }
        }
      }
      if (kind == JoinKind.SEMI && matched || kind == JoinKind.ANTI && !matched) {
        out.add(l);
      }
      if ((kind == JoinKind.LEFT || kind == JoinKind.FULL) && !matched) {
        out.add(TestRows.concat(l, TestRows.nulls(3)));
      }
    }
    if (kind == JoinKind.RIGHT || kind == JoinKind.FULL) {
      for (int j = 0; j < right.size(); j++) {
        if (!rightMatched[j]) {
          out.add(TestRows.concat(TestRows.nulls(3), right.get(j)));
        }
      }
    }
    return out;
  }

  private static List<List<Object>> join(HashJoiner joiner, boolean buildLeft, List<List<Object>> left,
      List<List<Object>> right, Random random) {
    TestRows.Collector out = new TestRows.Collector();
    for (Batch b : TestRows.batches(buildLeft ? LEFT : RIGHT, buildLeft ? left : right, 37, random)) {
      joiner.build(b);
    }
    joiner.finishBuild();
    for (Batch b : TestRows.batches(buildLeft ? RIGHT : LEFT, buildLeft ? right : left, 23, random)) {
      joiner.probe(b, out);
    }
    joiner.finish(out);
    return out.rows;
  }

  private static final BiPredicate<List<Object>, List<Object>> V_LESS_THAN_W_REFERENCE =
      (l, r) -> l.get(2) != null && r.get(2) != null && (Long) l.get(2) < (Long) r.get(2);

  @ParameterizedTest
  @EnumSource(JoinKind.class)
  void everyKindAndBuildSideAgreesWithNestedLoopReference(JoinKind kind) {
    for (int seed = 0; seed < 6; seed++) {
      Random random = new Random(seed);
      List<List<Object>> left = randomRows(random, 150 + seed * 40, 30);
      List<List<Object>> right = randomRows(random, 120, 30);
      for (HashJoiner.BuildSide side : HashJoiner.BuildSide.values()) {
        for (boolean withResidual : new boolean[] {false, true}) {
          boolean buildLeft = side == HashJoiner.BuildSide.LEFT;
          // single LONG key (fast path) and composite (LONG, VARCHAR) key
          for (int[] keys : new int[][] {{0}, {0, 1}}) {
            HashJoiner joiner = new HashJoiner(kind, LEFT, RIGHT, keys, keys, side,
                withResidual ? V_LESS_THAN_W : null);
            List<List<Object>> actual = join(joiner, buildLeft, left, right, random);
            List<List<Object>> expected = reference(kind, left, right, keys,
                withResidual ? V_LESS_THAN_W_REFERENCE : null);
            assertEquals(TestRows.canonical(expected), TestRows.canonical(actual),
                kind + " build " + side + " residual " + withResidual + " keys " + keys.length + " seed " + seed);
          }
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(JoinKind.class)
  void nestedLoopWithAndWithoutCondition(JoinKind kind) {
    Random random = new Random(7);
    List<List<Object>> left = randomRows(random, 40, 5);
    List<List<Object>> right = randomRows(random, 30, 5);
    for (HashJoiner.BuildSide side : HashJoiner.BuildSide.values()) {
      for (boolean withResidual : new boolean[] {false, true}) {
        HashJoiner joiner = HashJoiner.nestedLoop(kind, LEFT, RIGHT, side, withResidual ? V_LESS_THAN_W : null);
        List<List<Object>> actual = join(joiner, side == HashJoiner.BuildSide.LEFT, left, right, random);
        List<List<Object>> expected = reference(kind, left, right, new int[0],
            withResidual ? V_LESS_THAN_W_REFERENCE : null);
        assertEquals(TestRows.canonical(expected), TestRows.canonical(actual), kind + " " + side + " " + withResidual);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(JoinKind.class)
  void emptySides(JoinKind kind) {
    Random random = new Random(9);
    List<List<Object>> some = randomRows(random, 20, 5);
    for (HashJoiner.BuildSide side : HashJoiner.BuildSide.values()) {
      boolean buildLeft = side == HashJoiner.BuildSide.LEFT;
      for (int empty = 0; empty < 2; empty++) {
        List<List<Object>> left = empty == 0 ? List.of() : some;
        List<List<Object>> right = empty == 0 ? some : List.of();
        HashJoiner joiner = new HashJoiner(kind, LEFT, RIGHT, new int[] {0}, new int[] {0}, side, null);
        assertEquals(TestRows.canonical(reference(kind, left, right, new int[] {0}, null)),
            TestRows.canonical(join(joiner, buildLeft, left, right, random)), kind + " " + side + " " + empty);
      }
    }
  }

  @Test
  void outputIsLeftThenRightWhicheverSideIsBuilt() {
    List<List<Object>> left = List.of(row(1L, "l", 10L));
    List<List<Object>> right = List.of(row(1L, "r", 20L), row(2L, "r2", 30L));
    for (HashJoiner.BuildSide side : HashJoiner.BuildSide.values()) {
      HashJoiner joiner = new HashJoiner(JoinKind.FULL, LEFT, RIGHT, new int[] {0}, new int[] {0}, side, null);
      assertEquals(List.of(
              row(1L, "l", 10L, 1L, "r", 20L).toString(),
              row(null, null, null, 2L, "r2", 30L).toString()),
          TestRows.canonical(join(joiner, side == HashJoiner.BuildSide.LEFT, left, right, new Random(1))));
    }
  }

  @Test
  void largeBuildWithDuplicatesSpansOutputChunks() {
    List<List<Object>> build = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      build.add(row((long) (i % 3), "b", (long) i));
    }
    HashJoiner joiner = new HashJoiner(JoinKind.INNER, LEFT, RIGHT, new int[] {0}, new int[] {0},
        HashJoiner.BuildSide.RIGHT, null);
    joiner.build(TestRows.dense(RIGHT, build));
    joiner.finishBuild();
    TestRows.Collector out = new TestRows.Collector();
    joiner.probe(TestRows.dense(LEFT, List.of(row(1L, "p", 0L), row(5L, "p", 0L), row(1L, "q", 0L))), out);
    assertEquals(2 * 6667, out.rows.size());
    for (List<Object> r : out.rows) {
      assertEquals(1L, r.get(0));
      assertEquals(1L, r.get(3));
    }
  }

  /** The output batches start small and grow: one flush of a thousand unmatched probe rows, then of matched pairs. */
  @Test
  void outputBatchesGrowPastTheirFirstSize() {
    List<List<Object>> probe = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      probe.add(row((long) (i % 2 == 0 ? 1_000 + i : 1), "p", (long) i));
    }
    for (JoinKind kind : new JoinKind[] {JoinKind.LEFT, JoinKind.INNER}) {
      HashJoiner joiner = new HashJoiner(kind, LEFT, RIGHT, new int[] {0}, new int[] {0},
          HashJoiner.BuildSide.RIGHT, null);
      joiner.build(TestRows.dense(RIGHT, List.of(row(1L, "b", 7L))));
      joiner.finishBuild();
      TestRows.Collector out = new TestRows.Collector();
      joiner.probe(TestRows.dense(LEFT, probe), out);
      joiner.finish(out);
      List<List<Object>> expected = reference(kind, probe, List.of(row(1L, "b", 7L)), new int[] {0}, null);
      assertEquals(TestRows.canonical(expected), TestRows.canonical(out.rows), kind.toString());
    }
  }
}
