package io.sluice.runtime.kernel;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.LongVector;
import io.sluice.catalog.stream.IntervalBound;
import io.sluice.catalog.stream.RowRelease;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The interval joiner alone, batch by batch with a moving watermark, against a nested-loop
 * reference: after every batch the joined pairs must be exactly those of the rows given so far
 * (none lost to a row released too early), padded rows must belong to the final result, and
 * once the input ends the output must equal it.
 */
class IntervalJoinerTest {
  // left: (k BIGINT, t BIGINT time, v BIGINT, s VARCHAR); right: (k BIGINT, t BIGINT time, w BIGINT)
  private static final List<DataType> LEFT = List.of(BIGINT, BIGINT, BIGINT, VARCHAR);
  private static final List<DataType> RIGHT = List.of(BIGINT, BIGINT, BIGINT);

  /** Residual {@code left.v < right.w}, NULL as false. */
  private static final JoinCondition V_LESS_THAN_W = (candidates, passing) -> {
    LongVector v = (LongVector) candidates.columns[2];
    LongVector w = (LongVector) candidates.columns[6];
    int count = 0;
    for (int i = 0; i < candidates.size; i++) {
      if (!v.isNull(i) && !w.isNull(i) && v.values[i] < w.values[i]) {
        passing[count++] = i;
      }
    }
    return count;
  };

  /**
   * The join under test. {@code leftDeadline}: left column v is a row bound, the condition has
   * {@code right.t <= left.v} and left rows are released by v (Nexmark q4's auction expiry);
   * {@code rightDeadline} likewise with {@code left.t <= right.w}. The bound prunes (it may be open
   * where a row bound releases); {@code residual} adds {@code left.v < right.w} to a join without
   * row bounds.
   */
  private record Join(IntervalBound bound, boolean leftDeadline, boolean rightDeadline, boolean residual) {
    static Join constant(IntervalBound bound, boolean residual) {
      return new Join(bound, false, false, residual);
    }

    IntervalJoiner joiner(JoinKind kind) {
      RowRelease leftRelease = leftDeadline ? new RowRelease(2, bound.rightLag()) : bound.leftRowRelease();
      RowRelease rightRelease = rightDeadline ? new RowRelease(2, bound.leftLag()) : bound.rightRowRelease();
      JoinCondition condition = leftDeadline || rightDeadline ? deadlines(leftDeadline, rightDeadline)
          : residual ? V_LESS_THAN_W : null;
      return new IntervalJoiner(kind, LEFT, RIGHT, new int[] {0}, new int[] {0}, bound, leftRelease, rightRelease,
          condition);
    }

    boolean matches(List<Object> l, List<Object> r) {
      if (l.get(0) == null || !Objects.equals(l.get(0), r.get(0)) || l.get(1) == null || r.get(1) == null) {
        return false;
      }
      long difference = (Long) l.get(1) - (Long) r.get(1);
      if (difference < bound.lower() || difference > bound.upper()) {
        return false;
      }
      if (leftDeadline && (l.get(2) == null || (Long) r.get(1) > (Long) l.get(2))) {
        return false;
      }
      if (rightDeadline && (r.get(2) == null || (Long) l.get(1) > (Long) r.get(2))) {
        return false;
      }
      boolean lessThan = l.get(2) != null && r.get(2) != null && (Long) l.get(2) < (Long) r.get(2);
      return leftDeadline || rightDeadline || !residual || lessThan;
    }
  }

  /** The row-bound terms {@code right.t <= left.v} and {@code left.t <= right.w}, NULL as false. */
  private static JoinCondition deadlines(boolean leftDeadline, boolean rightDeadline) {
    return (candidates, passing) -> {
      LongVector leftTime = (LongVector) candidates.columns[1];
      LongVector v = (LongVector) candidates.columns[2];
      LongVector rightTime = (LongVector) candidates.columns[5];
      LongVector w = (LongVector) candidates.columns[6];
      int count = 0;
      for (int i = 0; i < candidates.size; i++) {
        boolean pass = (!leftDeadline || !v.isNull(i) && rightTime.values[i] <= v.values[i])
            && (!rightDeadline || !w.isNull(i) && leftTime.values[i] <= w.values[i]);
        if (pass) {
          passing[count++] = i;
        }
      }
      return count;
    };
  }

  private static List<List<Object>> reference(JoinKind kind, List<List<Object>> left, List<List<Object>> right,
      Join join) {
    List<List<Object>> out = new ArrayList<>();
    boolean[] rightMatched = new boolean[right.size()];
    for (List<Object> l : left) {
      boolean matched = false;
      for (int j = 0; j < right.size(); j++) {
        List<Object> r = right.get(j);
        if (join.matches(l, r)) {
          matched = true;
          rightMatched[j] = true;
          out.add(TestRows.concat(l, r));
        }
      }
      if ((kind == JoinKind.LEFT || kind == JoinKind.FULL) && !matched) {
        out.add(TestRows.concat(l, TestRows.nulls(RIGHT.size())));
      }
    }
    if (kind == JoinKind.RIGHT || kind == JoinKind.FULL) {
      for (int j = 0; j < right.size(); j++) {
        if (!rightMatched[j]) {
          out.add(TestRows.concat(TestRows.nulls(LEFT.size()), right.get(j)));
        }
      }
    }
    return out;
  }

  private static void addIfMatch(List<Object> l, List<Object> r, Join join, List<List<Object>> pairs) {
    if (join.matches(l, r)) {
      pairs.add(TestRows.concat(l, r));
    }
  }

  private static boolean containsAll(List<String> all, List<String> part) {
    Map<String, Integer> counts = new HashMap<>();
    for (String s : all) {
      counts.merge(s, 1, Integer::sum);
    }
    for (String s : part) {
      Integer c = counts.get(s);
      if (c == null || c == 0) {
        return false;
      }
      counts.put(s, c - 1);
    }
    return true;
  }

  /**
   * A stream of batches whose rows are after the watermark less their input's lag (as scans
   * guarantee by dropping rows at or before it: Lateness), joined batch by batch.
   */
  private static void simulate(JoinKind kind, IntervalBound bound, boolean residual, int keyRange, long seed) {
    simulate(kind, Join.constant(bound, residual), keyRange, seed, false);
  }

  private static void simulate(JoinKind kind, IntervalBound bound, boolean residual, int keyRange, long seed,
      boolean ordered) {
    simulate(kind, Join.constant(bound, residual), keyRange, seed, ordered);
  }

  /**
   * With {@code ordered}, most batches come in event-time order (released by cursor rather than by
   * heap). Every seventh batch the joiner is written to bytes and replaced by a new one read from them.
   */
  private static void simulate(JoinKind kind, Join join, int keyRange, long seed, boolean ordered) {
    IntervalBound bound = join.bound();
    Random random = new Random(seed);
    IntervalJoiner joiner = join.joiner(kind);
    TestRows.Collector out = new TestRows.Collector();
    List<List<Object>> allLeft = new ArrayList<>();
    List<List<Object>> allRight = new ArrayList<>();
    List<List<Object>> pairs = new ArrayList<>();
    long watermark = Long.MIN_VALUE;
    long maxLeft = 0;
    long maxRight = 0;
    long delay = 20;
    int batches = 60;
    for (int b = 0; b < batches; b++) {
      long base = watermark == Long.MIN_VALUE ? 0 : watermark;
      List<List<Object>> left = new ArrayList<>();
      List<List<Object>> right = new ArrayList<>();
      int leftRows = random.nextInt(4) == 0 ? 0 : random.nextInt(80);
      int rightRows = random.nextInt(4) == 0 ? 0 : random.nextInt(80);
      for (int i = 0; i < leftRows; i++) {
        Long key = random.nextInt(20) == 0 ? null : (long) random.nextInt(keyRange);
        Long time = random.nextInt(25) == 0 ? null : base - bound.leftLag() + 1 + random.nextInt(60);
        Long v = random.nextInt(10) == 0 ? null : join.leftDeadline() ? deadline(time, random) : random.nextInt(100);
        left.add(row(key, time, v, "s" + random.nextInt(3)));
        if (time != null) {
          maxLeft = Math.max(maxLeft, time);
        }
      }
      for (int i = 0; i < rightRows; i++) {
        Long key = random.nextInt(20) == 0 ? null : (long) random.nextInt(keyRange);
        Long time = random.nextInt(25) == 0 ? null : base - bound.rightLag() + 1 + random.nextInt(60);
        Long w = random.nextInt(10) == 0 ? null : join.rightDeadline() ? deadline(time, random) : random.nextInt(100);
        right.add(row(key, time, w));
        if (time != null) {
          maxRight = Math.max(maxRight, time);
        }
      }
      if (ordered && random.nextInt(4) > 0) {
        java.util.Comparator<List<Object>> byTime = java.util.Comparator.comparing(r -> (Long) r.get(1),
            java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));
        left.sort(byTime);
        right.sort(byTime);
      }
      for (Batch batch : TestRows.batches(LEFT, left, 50, random)) {
        joiner.addLeft(batch, out);
      }
      for (Batch batch : TestRows.batches(RIGHT, right, 50, random)) {
        joiner.addRight(batch, out);
      }
      joiner.join(out);
      joiner.release(watermark, out);
      // the pairs this batch adds: new left rows with all right rows, old left rows with new right rows
      for (List<Object> l : left) {
        for (List<Object> r : allRight) {
          addIfMatch(l, r, join, pairs);
        }
        for (List<Object> r : right) {
          addIfMatch(l, r, join, pairs);
        }
      }
      for (List<Object> l : allLeft) {
        for (List<Object> r : right) {
          addIfMatch(l, r, join, pairs);
        }
      }
      allLeft.addAll(left);
      allRight.addAll(right);
      // every pair is emitted as soon as both rows are there; padded rows are checked at the end
      List<List<Object>> gotPairs = new ArrayList<>();
      for (List<Object> row : out.rows) {
        if (row.get(0) != null && row.get(LEFT.size()) != null) {
          gotPairs.add(row);
        }
      }
      assertEquals(pairs.size(), gotPairs.size(), "pairs after batch " + b);
      if (b % 10 == 9) {
        assertEquals(TestRows.canonical(pairs), TestRows.canonical(gotPairs), "pairs after batch " + b);
      }
      if (kind != JoinKind.INNER && b % 20 == 19) {
        List<String> all = TestRows.canonical(reference(kind, allLeft, allRight, join));
        assertTrue(containsAll(all, TestRows.canonical(out.rows)), "a row that is not in the result, batch " + b);
      }
      if (!allLeft.isEmpty() && !allRight.isEmpty()) {
        watermark = Math.max(watermark, Math.min(maxLeft, maxRight) - delay);
      }
      long due = joiner.nextReleaseWatermark();
      assertTrue(due > watermark || joiner.stateRows() > 0, "a release is due but nothing is stored");
      if (b % 7 == 6) {
        joiner = restored(joiner, join.joiner(kind));
      }
    }
    joiner.release(Long.MAX_VALUE, out);
    assertEquals(TestRows.canonical(reference(kind, allLeft, allRight, join)),
        TestRows.canonical(out.rows));
    assertEquals(0, joiner.stateRows());
    assertFalse(joiner.pendingOutput());
  }

  @ParameterizedTest
  @EnumSource(value = JoinKind.class, names = {"INNER", "LEFT", "RIGHT", "FULL"})
  void matchesNestedLoopReferenceBatchByBatch(JoinKind kind) {
    simulate(kind, new IntervalBound(1, 1, -10, 15, 0, 0), false, 11, 1);
    simulate(kind, new IntervalBound(1, 1, -10, 15, 0, 0), true, 11, 2);
    simulate(kind, new IntervalBound(1, 1, 0, 0, 0, 0), false, 3, 3);
    // inputs whose rows trail the watermark (window_start of windows of 30)
    simulate(kind, new IntervalBound(1, 1, -5, 40, 30, 10), true, 5, 4);
    simulate(kind, new IntervalBound(1, 1, 20, 30, 0, 0), false, 3, 5);
    simulate(kind, new IntervalBound(1, 1, -10, 15, 0, 0), true, 11, 6, true);
    simulate(kind, new IntervalBound(1, 1, -5, 40, 30, 10), false, 5, 7, true);
  }

  /** A deadline for a row of time {@code time}: mostly after it, sometimes before (a row that can match nothing). */
  private static Long deadline(Long time, Random random) {
    return (time == null ? 0 : time) + random.nextInt(90) - 10;
  }

  private static IntervalJoiner restored(IntervalJoiner from, IntervalJoiner to) {
    try {
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      from.writeTo(new java.io.DataOutputStream(bytes));
      to.readFrom(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
      assertEquals(from.stateRows(), to.stateRows());
      assertEquals(from.nextReleaseWatermark(), to.nextReleaseWatermark());
      assertEquals(from.shape(), to.shape());
      return to;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Row bounds: Nexmark q4's {@code right.t BETWEEN left.t AND left.v} (left rows released by v,
   * right rows by the bound's upper end), its mirror, and both inputs released by row bounds with
   * no constant end at all; with lags, and with rows mostly in time order.
   */
  @ParameterizedTest
  @EnumSource(value = JoinKind.class, names = {"INNER", "LEFT", "RIGHT", "FULL"})
  void rowBoundsMatchNestedLoopReferenceBatchByBatch(JoinKind kind) {
    long min = Long.MIN_VALUE;
    long max = Long.MAX_VALUE;
    simulate(kind, new Join(new IntervalBound(1, 1, min, 0, 0, 0), true, false, false), 11, 11, false);
    simulate(kind, new Join(new IntervalBound(1, 1, min, 0, 0, 0), true, false, false), 3, 12, true);
    simulate(kind, new Join(new IntervalBound(1, 1, min, 5, 10, 20), true, false, false), 5, 13, false);
    simulate(kind, new Join(new IntervalBound(1, 1, -10, max, 0, 0), false, true, false), 11, 14, false);
    simulate(kind, new Join(new IntervalBound(1, 1, -10, max, 15, 5), false, true, false), 5, 15, true);
    simulate(kind, new Join(new IntervalBound(1, 1, min, max, 0, 0), true, true, false), 7, 16, false);
    simulate(kind, new Join(new IntervalBound(1, 1, min, max, 10, 0), true, true, false), 3, 17, true);
  }

  @Test
  void shapeNamesRowReleasesButKeepsTheConstantBoundsShape() {
    IntervalBound bound = new IntervalBound(1, 1, -10, 15, 0, 0);
    IntervalJoiner constant = new IntervalJoiner(JoinKind.INNER, LEFT, RIGHT, new int[] {0}, new int[] {0}, bound,
        null);
    assertFalse(constant.shape().contains("released"), constant.shape());
    IntervalJoiner rowBound = new Join(new IntervalBound(1, 1, Long.MIN_VALUE, 0, 0, 0), true, false, false)
        .joiner(JoinKind.INNER);
    assertTrue(rowBound.shape().contains("left rows released at column 2 + 0 ms"), rowBound.shape());
    IntervalJoiner otherOffset = new IntervalJoiner(JoinKind.INNER, LEFT, RIGHT, new int[] {0}, new int[] {0},
        new IntervalBound(1, 1, Long.MIN_VALUE, 0, 0, 0), new RowRelease(2, 5), new RowRelease(1, 0), null);
    assertFalse(rowBound.shape().equals(otherOffset.shape()));
  }

  @ParameterizedTest
  @ValueSource(ints = {7, 1000})
  void stateStaysBoundedAsTheWatermarkMoves(int keyRange) {
    IntervalBound bound = new IntervalBound(1, 1, -100, 100, 0, 0);
    IntervalJoiner joiner = new IntervalJoiner(JoinKind.LEFT, LEFT, RIGHT, new int[] {0}, new int[] {0}, bound, null);
    long[] emitted = {0};
    io.sluice.catalog.data.BatchConsumer out = batch -> emitted[0] += batch.rowCount();
    for (int b = 0; b < 200; b++) {
      List<List<Object>> left = new ArrayList<>();
      List<List<Object>> right = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        long time = b * 100L + i;
        left.add(row((long) (i % keyRange), time, 1L, "x"));
        right.add(row((long) ((i + 1) % keyRange), time, 1L));
      }
      joiner.addLeft(TestRows.dense(LEFT, left), out);
      joiner.addRight(TestRows.dense(RIGHT, right), out);
      joiner.join(out);
      joiner.release(b * 100L, out);
      // rows within 100 ms of the watermark (and this batch's) are kept: a few batches' worth
      assertTrue(joiner.stateRows() <= 800, "state grew to " + joiner.stateRows() + " rows at batch " + b);
    }
    assertTrue(emitted[0] > 0);
    assertTrue(joiner.estimatedBytes() < 400_000, "state holds " + joiner.estimatedBytes() + " bytes");
  }

  @Test
  void reportsTheSideBuiltFromTheBatchRowCounts() {
    IntervalBound bound = new IntervalBound(1, 1, 0, 0, 0, 0);
    IntervalJoiner joiner = new IntervalJoiner(JoinKind.INNER, LEFT, RIGHT, new int[] {0}, new int[] {0}, bound, null);
    TestRows.Collector out = new TestRows.Collector();
    joiner.addLeft(TestRows.dense(LEFT, List.of(row(1L, 5L, 1L, "a"), row(1L, 5L, 2L, "b"))), out);
    joiner.addRight(TestRows.dense(RIGHT, List.of(row(1L, 5L, 9L))), out);
    joiner.join(out);
    assertEquals("build=right 1 rows, probe=left 2 rows", joiner.lastChoice());
    assertEquals(2, out.rows.size());
  }
}
