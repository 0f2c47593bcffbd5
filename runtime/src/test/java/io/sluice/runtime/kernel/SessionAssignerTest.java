package io.sluice.runtime.kernel;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SessionAssignerTest {
  private static final DataType TIMESTAMP = DataType.of(TypeKind.TIMESTAMP);
  /** (user, page, time). */
  private static final List<DataType> TYPES = List.of(VARCHAR, BIGINT, TIMESTAMP);

  private static List<List<Object>> run(SessionAssigner assigner, List<List<Object>> rows) {
    assigner.add(TestRows.dense(TYPES, rows));
    TestRows.Collector out = new TestRows.Collector();
    assigner.emit(out);
    return out.rows;
  }

  @Test
  void assignsSessionsPerKeyInKeyAndTimeOrder() {
    List<List<Object>> out = run(new SessionAssigner(TYPES, new int[] {0}, 2, 10), List.of(
        row("bob", 1L, 105L), row("ann", 2L, 109L), row("ann", 3L, 100L), row("ann", 4L, 119L),
        row("ann", 5L, 128L), row(null, 6L, 1L), row("bob", 7L, null)));
    // ann: 100, 109 (9 after) -> [100, 119); 119 is exactly 10 after 109: [119, 138) with 128
    assertEquals(List.of(
        row(null, 6L, 1L, 1L, 11L),
        row("ann", 3L, 100L, 100L, 119L),
        row("ann", 2L, 109L, 100L, 119L),
        row("ann", 4L, 119L, 119L, 138L),
        row("ann", 5L, 128L, 119L, 138L),
        row("bob", 1L, 105L, 105L, 115L)), out);
  }

  @Test
  void emptyInputEmitsNothing() {
    assertEquals(List.of(), run(new SessionAssigner(TYPES, new int[0], 2, 10), List.of()));
  }

  /** Against a reference written with boxed values: sort each key's rows, cut where the gap is reached. */
  @Test
  void matchesAReferenceOnRandomRows() {
    Random random = new Random(3);
    for (int round = 0; round < 20; round++) {
      long gap = 1 + random.nextInt(30);
      List<List<Object>> rows = new ArrayList<>();
      int n = random.nextInt(6000);
      for (int i = 0; i < n; i++) {
        rows.add(row(random.nextInt(10) == 0 ? null : "k" + random.nextInt(20), (long) i,
            random.nextInt(50) == 0 ? null : (long) random.nextInt(20_000) - 5_000));
      }
      SessionAssigner assigner = new SessionAssigner(TYPES, new int[] {0}, 2, gap);
      TestRows.Collector out = new TestRows.Collector();
      for (var batch : TestRows.batches(TYPES, rows, 1 + random.nextInt(3000), random)) {
        assigner.add(batch);
      }
      assigner.emit(out);
      assertEquals(TestRows.canonical(reference(rows, gap)), TestRows.canonical(out.rows));
    }
  }

  private static List<List<Object>> reference(List<List<Object>> rows, long gap) {
    List<List<Object>> sorted = new ArrayList<>();
    for (List<Object> r : rows) {
      if (r.get(2) != null) {
        sorted.add(r);
      }
    }
    sorted.sort(Comparator.comparing((List<Object> r) -> String.valueOf(r.get(0)))
        .thenComparing(r -> (Long) r.get(2)));
    List<List<Object>> out = new ArrayList<>();
    int first = 0;
    while (first < sorted.size()) {
      int last = first + 1;
      while (last < sorted.size() && Objects.equals(sorted.get(last).get(0), sorted.get(first).get(0))
          && (Long) sorted.get(last).get(2) - (Long) sorted.get(last - 1).get(2) < gap) {
        last++;
      }
      long start = (Long) sorted.get(first).get(2);
      long end = (Long) sorted.get(last - 1).get(2) + gap;
      for (int i = first; i < last; i++) {
        out.add(TestRows.concat(sorted.get(i), List.of(start, end)));
      }
      first = last;
    }
    return out;
  }
}
