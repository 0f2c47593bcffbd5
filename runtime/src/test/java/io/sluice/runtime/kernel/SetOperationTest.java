package io.sluice.runtime.kernel;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SetOperationTest {
  private static final List<DataType> TYPES = List.of(BIGINT, VARCHAR);

  private static List<List<Object>> run(SetOperation.Kind kind, boolean all, List<List<Object>> left,
      List<List<Object>> right) {
    SetOperation operation = new SetOperation(kind, all, TYPES);
    Random random = new Random(4);
    for (Batch b : TestRows.batches(TYPES, right, 7, random)) {
      operation.addRight(b);
    }
    for (Batch b : TestRows.batches(TYPES, left, 5, random)) {
      operation.addLeft(b);
    }
    TestRows.Collector out = new TestRows.Collector();
    operation.emit(out);
    return out.rows;
  }

  private static List<List<Object>> reference(SetOperation.Kind kind, boolean all, List<List<Object>> left,
      List<List<Object>> right) {
    Map<String, Long> rightCounts = new LinkedHashMap<>();
    for (List<Object> r : right) {
      rightCounts.merge(r.toString(), 1L, Long::sum);
    }
    Map<String, Long> leftCounts = new LinkedHashMap<>();
    Map<String, List<Object>> firstRows = new LinkedHashMap<>();
    for (List<Object> l : left) {
      leftCounts.merge(l.toString(), 1L, Long::sum);
      firstRows.putIfAbsent(l.toString(), l);
    }
    List<List<Object>> out = new ArrayList<>();
    for (Map.Entry<String, Long> e : leftCounts.entrySet()) {
      long l = e.getValue();
      long r = rightCounts.getOrDefault(e.getKey(), 0L);
      long copies;
      if (kind == SetOperation.Kind.INTERSECT) {
        copies = all ? Math.min(l, r) : Math.min(Math.min(l, r), 1);
      } else {
        copies = all ? Math.max(l - r, 0) : r == 0 ? 1 : 0;
      }
      for (long i = 0; i < copies; i++) {
        out.add(firstRows.get(e.getKey()));
      }
    }
    return out;
  }

  @Test
  void duplicatesAndNullsAgainstReference() {
    Random random = new Random(8);
    for (int round = 0; round < 10; round++) {
      List<List<Object>> left = new ArrayList<>();
      List<List<Object>> right = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        left.add(row(random.nextInt(4) == 0 ? null : (long) random.nextInt(6),
            random.nextInt(4) == 0 ? null : "s" + random.nextInt(3)));
        right.add(row(random.nextInt(4) == 0 ? null : (long) random.nextInt(6),
            random.nextInt(4) == 0 ? null : "s" + random.nextInt(3)));
      }
      for (SetOperation.Kind kind : SetOperation.Kind.values()) {
        for (boolean all : new boolean[] {false, true}) {
          assertEquals(TestRows.canonical(reference(kind, all, left, right)),
              TestRows.canonical(run(kind, all, left, right)), kind + " " + all);
        }
      }
    }
  }

  @Test
  void smallCases() {
    List<List<Object>> left = List.of(row(1L, "a"), row(1L, "a"), row(1L, "a"), row(null, null), row(2L, "b"));
    List<List<Object>> right = List.of(row(1L, "a"), row(null, null), row(null, null), row(3L, "c"));
    assertEquals(List.of(row(1L, "a"), row(null, null)), run(SetOperation.Kind.INTERSECT, true, left, right));
    assertEquals(List.of(row(1L, "a"), row(1L, "a"), row(2L, "b")), run(SetOperation.Kind.EXCEPT, true, left, right));
    assertEquals(List.of(row(2L, "b")), run(SetOperation.Kind.EXCEPT, false, left, right));
    assertEquals(List.of(), run(SetOperation.Kind.INTERSECT, false, List.of(), right));
    assertEquals(List.of(row(2L, "b")), run(SetOperation.Kind.EXCEPT, false, List.of(row(2L, "b")), List.of()));
  }
}
