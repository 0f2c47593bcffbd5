package io.sluice.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.SluiceException;
import io.sluice.catalog.data.Batch;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A small input's program, one class per expression ({@link ComposedFilterProject}), against the
 * one fused class of a large input: the same rows, values and errors on a shared set of
 * expressions, and each expression compiled once across SELECT lists.
 */
class ComposedFilterProjectTest {
  /** SELECT list and WHERE condition (null: none) pairs: NULLs, overflow, DECIMAL, text, dates, CASE. */
  private static final List<String[]> QUERIES = List.of(
      new String[] {"i + 1, l * 2, s", null},
      new String[] {"i * 2147483647, l + 9223372036854775807", null},
      new String[] {"l * l * l * l", "i > 2"},
      new String[] {"m * 3.5, m / 7, m + 0.01, CAST(m AS INTEGER)", "m IS NOT NULL"},
      new String[] {"CAST(m * m * m * m * m AS DECIMAL(38, 4)), m - 99999999.99", null},
      new String[] {"UPPER(s) || '-' || s2, CHAR_LENGTH(s), SUBSTRING(s FROM 2 FOR 2)", "s LIKE '%b%' OR s IS NULL"},
      new String[] {"CASE WHEN i > l THEN s ELSE UPPER(s) END, COALESCE(i, l, -1), NULLIF(i, 3)", "i <> 4"},
      new String[] {"i / (i - 3), MOD(l, i)", null},
      new String[] {"dt + INTERVAL '3' DAY, EXTRACT(YEAR FROM dt), d * 1e308", "b OR b IS NULL"},
      new String[] {"i, 42, 'x', NULL", "i IN (1, 2, 3, 5, 7, 8) AND s2 <> 'q'"},
      new String[] {"CAST(s AS INTEGER), d / 0", "i > 100"},
      new String[] {"CASE WHEN i < 0 THEN 1 / 0 ELSE i END, s", "i >= 0 OR i IS NULL"});

  private static Object[] row(long r) {
    boolean nulls = r % 4 == 3;
    long i = r == 5 ? Integer.MAX_VALUE : r == 6 ? -r : r;
    return new Object[] {nulls ? null : i, r == 2 ? Long.MAX_VALUE / 2 : 100L + r, nulls ? null : r * 1.25,
      nulls ? null : (r % 2 == 0 ? "ab" + r : "é" + r), LocalDate.of(2024, 2, 27).plusDays(r),
      ReferenceEvaluator.ts(r * 1000), r == 4 ? new BigDecimal("99999999.99") : nulls ? null : BigDecimal.valueOf(r * 101, 2),
      nulls ? null : r % 3 == 0, java.time.LocalTime.NOON, r, r % 5 == 0 ? "q" : "z", 1L};
  }

  private static List<Object[]> rows() {
    List<Object[]> rows = new ArrayList<>();
    for (long r = 0; r < 12; r++) {
      rows.add(row(r));
    }
    return rows;
  }

  private static String render(Object result) {
    if (result instanceof SluiceException e) {
      return "error " + e.code() + ": " + e.getMessage();
    }
    StringBuilder text = new StringBuilder();
    for (Object r : (List<?>) result) {
      text.append(Arrays.deepToString((Object[]) r)).append('\n');
    }
    return text.toString();
  }

  /** The batch of {@link #rows}, with a selection of every row but the second when {@code selected}. */
  private static Batch batch(boolean selected) {
    Batch batch = Harness.batch(rows());
    if (selected) {
      batch.selection = new int[batch.size];
      int k = 0;
      for (int r = 0; r < batch.size; r++) {
        if (r != 1) {
          batch.selection[k++] = r;
        }
      }
      batch.selectedCount = k;
    }
    return batch;
  }

  @Test
  void eachExpressionAsItsOwnClassGivesTheRowsValuesAndErrorsOfTheFusedClass() {
    int errors = 0;
    for (String[] query : QUERIES) {
      SqlExpressions.Query q = Harness.SQL.parse(query[0], query[1]);
      FilterProjectCompiler.Compiled fused =
          Harness.COMPILER.compile(q.inputRowType(), q.condition(), q.projects(), q.outputRowType(), Harness.CONTEXT);
      FilterProjectCompiler.Compiled composed = Harness.COMPILER.compile(q.inputRowType(), q.condition(), q.projects(),
          q.outputRowType(), Harness.CONTEXT, true);
      assertTrue(composed.newInstance() instanceof ComposedFilterProject, query[0]);
      for (boolean selected : new boolean[] {false, true}) {
        String expected = render(Harness.run(fused.newInstance(), batch(selected), Harness.outTypes(q)));
        // one instance over two batches: what it keeps from the first must not leak into the second
        io.sluice.runtime.generated.FilterProject instance = composed.newInstance();
        String first = render(Harness.run(instance, batch(!selected), Harness.outTypes(q)));
        String actual = render(Harness.run(instance, batch(selected), Harness.outTypes(q)));
        assertEquals(expected, actual, query[0] + " WHERE " + query[1] + (selected ? " (with a selection)" : ""));
        assertEquals(render(Harness.run(fused.newInstance(), batch(!selected), Harness.outTypes(q))), first);
        if (expected.startsWith("error")) {
          errors++;
        } else {
          assertFalse(expected.isEmpty(), "no rows passed " + query[1]);
        }
      }
    }
    assertTrue(errors >= 4, "the set holds overflow and division by zero: " + errors + " error results");
  }

  @Test
  void anExpressionCompiledForOneSelectListIsFoundForAnotherOverOtherColumns() {
    CodeCache cache = new CodeCache(64);
    FilterProjectCompiler compiler = new FilterProjectCompiler(cache);
    SqlExpressions.Query first = Harness.SQL.parse("i * 10 + l, UPPER(s), s", "i > 2");
    SqlExpressions.Query second = Harness.SQL.parse("UPPER(s2), d, i * 7 + l, l - i", "i > 5 AND i < 100");
    compiler.compile(first.inputRowType(), first.condition(), first.projects(), first.outputRowType(),
        Harness.CONTEXT, true);
    assertEquals(3, cache.misses(), "the condition and two computed columns; s is the input's column");
    FilterProjectCompiler.Compiled again = compiler.compile(second.inputRowType(), second.condition(),
        second.projects(), second.outputRowType(), Harness.CONTEXT, true);
    // UPPER(s2) is UPPER(s) over another column of the same type: the same class
    assertEquals(5, cache.misses(), "only the condition and l - i are new");
    assertEquals(2, cache.hits());
    Object result = Harness.run(again.newInstance(), Harness.batch(rows()), Harness.outTypes(second));
    assertEquals("[Z, 10.0, 164, 100]\n[Z, 11.25, 172, 100]\n[Q, 12.5, 180, 100]\n", render(result));
  }
  @Test
  void aSelectListOfManyExpressionsStaysOneClass() {
    StringBuilder select = new StringBuilder("l + 1");
    for (int k = 2; k <= FilterProjectCompiler.MAX_PIECES + 1; k++) {
      select.append(", l + ").append(k);
    }
    SqlExpressions.Query q = Harness.SQL.parse(select.toString(), null);
    FilterProjectCompiler.Compiled program = Harness.COMPILER.compile(q.inputRowType(), q.condition(), q.projects(),
        q.outputRowType(), Harness.CONTEXT, true);
    assertFalse(program.newInstance() instanceof ComposedFilterProject, "one class, not 65");
    String text = render(Harness.run(program.newInstance(), batch(false), Harness.outTypes(q)));
    assertTrue(text.startsWith("[101, 102, 103, 104, "), text);
  }
}
