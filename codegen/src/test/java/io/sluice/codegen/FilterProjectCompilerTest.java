package io.sluice.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.LongVector;
import io.sluice.runtime.generated.FilterProject;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.junit.jupiter.api.Test;

class FilterProjectCompilerTest {
  private static Object[] row(Object... overrides) {
    Object[] row = {7L, 100L, 1.5, "abc", LocalDate.of(2024, 2, 29), ReferenceEvaluator.ts(0), BigDecimal.valueOf(1234, 2),
      true, java.time.LocalTime.NOON, 3L, "x", 1L};
    for (int i = 0; i + 1 < overrides.length; i += 2) {
      row[Harness.NAMES.indexOf((String) overrides[i])] = overrides[i + 1];
    }
    return row;
  }

  private static FilterProjectCompiler.Compiled compile(String select, String where) {
    SqlExpressions.Query q = Harness.SQL.parse(select, where);
    return Harness.COMPILER.compile(q.inputRowType(), q.condition(), q.projects(), q.outputRowType(), Harness.CONTEXT);
  }

  private static List<Object[]> run(String select, String where, List<Object[]> rows) {
    SqlExpressions.Query q = Harness.SQL.parse(select, where);
    FilterProject fp = compile(select, where).newInstance();
    Object result = Harness.run(fp, Harness.batch(rows), Harness.outTypes(q));
    if (result instanceof SluiceException) {
      throw (SluiceException) result;
    }
    @SuppressWarnings("unchecked")
    List<Object[]> out = (List<Object[]>) result;
    return out;
  }

  private static Object eval(String expression, Object[] row) {
    return run(expression, null, List.<Object[]>of(row)).get(0)[0];
  }

  private static ErrorCode errorOf(String expression, Object[] row) {
    return assertThrows(SluiceException.class, () -> eval(expression, row), expression).code();
  }

  // ------------------------------------------------------------ errors

  @Test
  void integerOverflowIsReported() {
    assertEquals(ErrorCode.NUMERIC_OVERFLOW, errorOf("i + 1", row("i", (long) Integer.MAX_VALUE)));
    assertEquals(ErrorCode.NUMERIC_OVERFLOW, errorOf("i * i", row("i", 65536L)));
    assertEquals(ErrorCode.NUMERIC_OVERFLOW, errorOf("-i", row("i", (long) Integer.MIN_VALUE)));
    assertEquals(ErrorCode.NUMERIC_OVERFLOW, errorOf("ABS(i)", row("i", (long) Integer.MIN_VALUE)));
    assertEquals(ErrorCode.NUMERIC_OVERFLOW, errorOf("l * 2", row("l", Long.MAX_VALUE / 2 + 1)));
    assertEquals(ErrorCode.NUMERIC_OVERFLOW, errorOf("l - 1", row("l", Long.MIN_VALUE)));
    assertEquals(ErrorCode.NUMERIC_OVERFLOW, errorOf("l / -1", row("l", Long.MIN_VALUE)));
    assertEquals(ErrorCode.NUMERIC_OVERFLOW, errorOf("i / -1", row("i", (long) Integer.MIN_VALUE)));
    assertEquals(ErrorCode.NUMERIC_OVERFLOW, errorOf("si + si", row("si", 20000L)));
    assertEquals(ErrorCode.NUMERIC_OVERFLOW, errorOf("CAST(i AS TINYINT)", row("i", 128L)));
    assertEquals(ErrorCode.NUMERIC_OVERFLOW, errorOf("CAST(d AS INTEGER)", row("d", 3e9)));
    assertEquals(ErrorCode.NUMERIC_OVERFLOW, errorOf("CAST(m AS DECIMAL(3, 1))", row("m", new BigDecimal("100.00"))));
    assertEquals(ErrorCode.NUMERIC_OVERFLOW, errorOf("m * m * m * m * m", row("m", new BigDecimal("99999999.99"))));
    assertEquals(ErrorCode.NUMERIC_OVERFLOW, errorOf("CAST(s AS INTEGER)", row("s", "99999999999")));
    assertEquals(2147483647L, eval("i + 0", row("i", (long) Integer.MAX_VALUE)));
  }

  @Test
  void divisionByZeroIsReported() {
    assertEquals(ErrorCode.DIVISION_BY_ZERO, errorOf("i / 0", row()));
    assertEquals(ErrorCode.DIVISION_BY_ZERO, errorOf("l / (i - 7)", row("i", 7L)));
    assertEquals(ErrorCode.DIVISION_BY_ZERO, errorOf("MOD(i, 0)", row()));
    assertEquals(ErrorCode.DIVISION_BY_ZERO, errorOf("d / 0e0", row()));
    assertEquals(ErrorCode.DIVISION_BY_ZERO, errorOf("m / 0.00", row()));
    assertEquals(ErrorCode.DIVISION_BY_ZERO, errorOf("MOD(m, 0)", row()));
    // integer division truncates toward zero; MOD takes the dividend's sign
    assertEquals(-3L, eval("i / 2", row("i", -7L)));
    assertEquals(-1L, eval("MOD(i, 3)", row("i", -7L)));
    // CASE guards the division: the branch not taken is not evaluated
    assertEquals(null, eval("CASE WHEN i = 0 THEN NULL ELSE 10 / i END", row("i", 0L)));
    assertEquals(false, eval("i <> 0 AND 10 / i > 1", row("i", 0L)));
  }

  @Test
  void badCastsNameValueAndType() {
    SluiceException e = assertThrows(SluiceException.class, () -> eval("CAST(s AS INTEGER)", row("s", "zebra")));
    assertEquals(ErrorCode.INVALID_CAST, e.code());
    assertTrue(e.getMessage().contains("zebra") && e.getMessage().contains("INTEGER"), e.getMessage());
    assertEquals(ErrorCode.INVALID_CAST, errorOf("CAST(s AS DATE)", row("s", "2023-02-29")));
    assertEquals(ErrorCode.INVALID_CAST, errorOf("CAST(s AS TIMESTAMP)", row("s", "2024-01-01 25:00:00")));
    assertEquals(ErrorCode.INVALID_CAST, errorOf("CAST(s AS BOOLEAN)", row("s", "yes")));
    assertEquals(ErrorCode.INVALID_CAST, errorOf("CAST(s AS DOUBLE)", row("s", "1.5x")));
    assertEquals(ErrorCode.INVALID_CAST, errorOf("CAST(s AS DECIMAL(5, 2))", row("s", "1,5")));
    assertEquals(ErrorCode.INVALID_CAST, errorOf("CAST(s AS INTERVAL DAY)", row("s", "three")));
    assertEquals(-42L, eval("CAST(s AS INTEGER)", row("s", " -42 ")));
    assertEquals(3L * 86_400_000L + 3_723_000L, eval("CAST(s AS INTERVAL DAY TO SECOND)", row("s", "3 01:02:03")));
    // double to integer rounds half away from zero (a column: Calcite folds literal casts itself)
    assertEquals(3L, eval("CAST(d AS INTEGER)", row("d", 2.5)));
    assertEquals(-3L, eval("CAST(d AS INTEGER)", row("d", -2.5)));
    assertEquals(2L, eval("CAST(d AS INTEGER)", row("d", 2.4999)));
  }

  @Test
  void unsupportedFunctionsFailAtCompileTime() {
    SluiceException e = assertThrows(SluiceException.class, () -> compile("OVERLAY(s PLACING 'x' FROM 2)", null));
    assertEquals(ErrorCode.UNSUPPORTED, e.code());
    assertTrue(e.getMessage().contains("not supported yet"), e.getMessage());
  }

  // ------------------------------------------------------------ constants and the cache

  @Test
  void literalsNeverEnterTheSourceAndSameShapeHitsTheCache() {
    CodeCache cache = new CodeCache(16);
    FilterProjectCompiler compiler = new FilterProjectCompiler(cache);
    SqlExpressions.Query q1 = Harness.SQL.parse("i + 12345, UPPER(s) || 'zebra', dt + INTERVAL '3' DAY",
        "s LIKE 'qu%x' AND m > 77.25 AND dt < DATE '2031-05-17'");
    SqlExpressions.Query q2 = Harness.SQL.parse("i + 54321, UPPER(s) || 'apple', dt + INTERVAL '9' DAY",
        "s LIKE 'zz%y' AND m > 11.50 AND dt < DATE '1999-01-02'");
    FilterProjectCompiler.Compiled c1 = compiler.compile(q1.inputRowType(), q1.condition(), q1.projects(), q1.outputRowType());
    FilterProjectCompiler.Compiled c2 = compiler.compile(q2.inputRowType(), q2.condition(), q2.projects(), q2.outputRowType());
    assertEquals(c1.source(), c2.source());
    assertEquals(1, cache.misses());
    assertEquals(1, cache.hits());
    for (String literal : List.of("zebra", "12345", "qu%x", "7725", "77.25", "2031", "259200000", "22416")) {
      assertFalse(c1.source().contains(literal), "source contains " + literal);
    }
    assertFalse(java.util.Arrays.equals(c1.constants(), c2.constants()));
    // both instances run with their own literals on the shared class
    List<Object[]> rows = List.<Object[]>of(row("s", "quux", "m", new BigDecimal("80.00")), row("s", "zzzy", "m", new BigDecimal("12.00")));
    Object r1 = Harness.run(c1.newInstance(), Harness.batch(rows), Harness.outTypes(q1));
    Object r2 = Harness.run(c2.newInstance(), Harness.batch(rows), Harness.outTypes(q2));
    @SuppressWarnings("unchecked")
    List<Object[]> out1 = (List<Object[]>) r1;
    @SuppressWarnings("unchecked")
    List<Object[]> out2 = (List<Object[]>) r2;
    assertEquals(1, out1.size());
    assertArrayEquals(new Object[] {12352L, "QUUXzebra", LocalDate.of(2024, 3, 3)}, out1.get(0));
    assertEquals(0, out2.size()); // dt 2024-02-29 is not before 1999-01-02
    assertSame(c1.newInstance().getClass(), c2.newInstance().getClass());
  }

  @Test
  void cacheIsBoundedLeastRecentlyUsed() {
    CodeCache cache = new CodeCache(2);
    java.util.function.Function<String, Class<?>> compiler = s -> s.length() % 2 == 0 ? String.class : Integer.class;
    cache.get("a", compiler);
    cache.get("bb", compiler);
    cache.get("a", compiler);
    cache.get("ccc", compiler); // evicts "bb"
    cache.get("a", compiler);
    cache.get("bb", compiler);
    assertEquals(2, cache.size());
    assertEquals(2, cache.hits());
    assertEquals(4, cache.misses());
  }

  // ------------------------------------------------------------ the FilterProject contract

  @Test
  void aSmallInputCompilesOneLoopPerExpressionWithTheSameResults() {
    String select = "i * 10 + l, CASE WHEN i > l THEN s ELSE UPPER(s) END, d + 1";
    String where = "i <> 4";
    SqlExpressions.Query q = Harness.SQL.parse(select, where);
    FilterProjectCompiler.Compiled full =
        Harness.COMPILER.compile(q.inputRowType(), q.condition(), q.projects(), q.outputRowType(), Harness.CONTEXT);
    FilterProjectCompiler.Compiled small = Harness.COMPILER.compile(q.inputRowType(), q.condition(), q.projects(),
        q.outputRowType(), Harness.CONTEXT, true);
    assertTrue(full.source().contains("NoNulls("), "the full class has loops for inputs without NULLs");
    assertFalse(small.source().contains("NoNulls("));
    // the condition and each of the three projections a class of its own
    assertEquals(4, small.source().split("implements FilterProject", -1).length - 1, small.source());
    List<Object[]> withNulls = new ArrayList<>();
    List<Object[]> withoutNulls = new ArrayList<>();
    for (long i = 0; i < 8; i++) {
      withNulls.add(row("i", i % 3 == 0 ? null : i, "s", i % 2 == 0 ? null : "s" + i));
      withoutNulls.add(row("i", i, "s", "s" + i));
    }
    for (List<Object[]> rows : List.of(withNulls, withoutNulls)) {
      Object expected = Harness.run(full.newInstance(), Harness.batch(rows), Harness.outTypes(q));
      Object actual = Harness.run(small.newInstance(), Harness.batch(rows), Harness.outTypes(q));
      assertEquals(render(expected), render(actual));
    }
  }

  private static String render(Object result) {
    if (!(result instanceof List<?> rows)) {
      return String.valueOf(result);
    }
    StringBuilder text = new StringBuilder();
    for (Object r : rows) {
      text.append(java.util.Arrays.deepToString((Object[]) r)).append('\n');
    }
    return text.toString();
  }

  @Test
  void inputReferencesShareVectorsAndSelectionMarksPassingRows() {
    List<Object[]> rows = new ArrayList<>();
    for (long i = 0; i < 10; i++) {
      rows.add(row("i", i, "s", "r" + i));
    }
    Batch in = Harness.batch(rows);
    SqlExpressions.Query q = Harness.SQL.parse("s, i * 10", "MOD(i, 3) = 0");
    FilterProject fp = compile("s, i * 10", "MOD(i, 3) = 0").newInstance();
    Batch out = fp.process(in);
    assertSame(in.columns[3], out.columns[0]);
    assertEquals(10, out.size);
    assertArrayEquals(new int[] {0, 3, 6, 9}, java.util.Arrays.copyOf(out.selection, out.selectedCount));
    assertEquals(90L, ((LongVector) out.columns[1]).values[9]);
    // an input selection is respected and the output batch is reused
    in.selection = new int[] {1, 3, 4, 9};
    in.selectedCount = 4;
    Batch again = fp.process(in);
    assertSame(out, again);
    assertArrayEquals(new int[] {3, 9}, java.util.Arrays.copyOf(again.selection, again.selectedCount));
    // without a filter the input's selection passes through
    FilterProject noFilter = compile("UPPER(s)", null).newInstance();
    Batch projected = noFilter.process(in);
    assertSame(in.selection, projected.selection);
    assertEquals("R9", ((BytesVector) projected.columns[0]).getString(9));
    assertEquals(2, Harness.outTypes(q).size());
  }

  @Test
  void currentTimeComesFromTheQueryContext() {
    Object[] r = row();
    assertEquals(ReferenceEvaluator.ts(Harness.NOW / 1000 * 1000), eval("CURRENT_TIMESTAMP", r));
    assertEquals(LocalDate.of(2023, 11, 14), eval("CURRENT_DATE", r));
    FilterProjectCompiler.Compiled c = compile("CURRENT_TIMESTAMP", null);
    Batch out = c.newInstance(new io.sluice.runtime.generated.QueryContext(86_400_000L, java.time.ZoneOffset.UTC))
        .process(Harness.batch(List.<Object[]>of(r)));
    assertEquals(86_400_000L, ((LongVector) out.columns[0]).values[0]);
  }

  // ------------------------------------------------------------ code too big for one method

  private static void assertMethodsSmall(String source) {
    // every method body between two method headers stays far below what would reach 64 KB of bytecode
    Matcher m = Pattern.compile("\n  (private|public) [^\n]*\\(").matcher(source);
    int last = -1;
    int largest = 0;
    while (m.find()) {
      if (last >= 0) {
        largest = Math.max(largest, m.start() - last);
      }
      last = m.start();
    }
    assertTrue(largest < 40_000, "largest method source " + largest);
  }

  @Test
  void fiveHundredTermExpressionCompilesAndRuns() {
    StringBuilder cases = new StringBuilder("CASE");
    for (int t = 1; t < 500; t++) {
      cases.append(" WHEN i = ").append(t).append(" THEN 'v").append(t).append('\'');
    }
    cases.append(" ELSE 'none' END");
    SqlExpressions.Query q = Harness.SQL.parse("l, " + cases, null);
    // a flat AND of 500 comparisons, built directly: Calcite's own SQL-to-rel conversion of a
    // 500-deep AND overflows the stack, and a flat AND is what its simplifier produces
    org.apache.calcite.rex.RexBuilder rb = SqlExpressions.REX_BUILDER;
    RexNode l = rb.makeInputRef(q.inputRowType().getFieldList().get(1).getType(), 1);
    RexNode i = rb.makeCast(l.getType(), rb.makeInputRef(q.inputRowType().getFieldList().get(0).getType(), 0));
    List<RexNode> terms = new ArrayList<>();
    terms.add(rb.makeCall(SqlStdOperatorTable.GREATER_THAN, l, rb.makeExactLiteral(BigDecimal.valueOf(-1))));
    for (int t = 1; t < 500; t++) {
      terms.add(rb.makeCall(SqlStdOperatorTable.GREATER_THAN,
          rb.makeCall(SqlStdOperatorTable.PLUS, l, rb.makeExactLiteral(BigDecimal.valueOf(t))), i));
    }
    RexNode condition = rb.makeCall(SqlStdOperatorTable.AND, terms);
    // l + (i * 1) + (i * 2) + ... + (i * 499): a left-deep tree 500 levels deep
    RexNode sum = l;
    for (int t = 1; t < 500; t++) {
      sum = rb.makeCall(SqlStdOperatorTable.PLUS, sum,
          rb.makeCall(SqlStdOperatorTable.MULTIPLY, i, rb.makeExactLiteral(BigDecimal.valueOf(t))));
    }
    List<RexNode> projects = List.of(sum, q.projects().get(1));
    FilterProjectCompiler.Compiled c = Harness.COMPILER.compile(q.inputRowType(), condition, projects,
        q.outputRowType(), Harness.CONTEXT);
    assertMethodsSmall(c.source());
    assertTrue(c.source().contains("private void fill"), "expected materialised sub-expressions");
    List<Object[]> rows = List.<Object[]>of(row("i", 2L, "l", 10L), row("i", 499L, "l", 1000L), row("i", null, "l", 5L),
        row("i", 700L, "l", 600L));
    Object result = Harness.run(c.newInstance(), Harness.batch(rows), Harness.outTypes(q));
    @SuppressWarnings("unchecked")
    List<Object[]> out = (List<Object[]>) result;
    // row 3 fails l + 1 > i; row 2 has a NULL i, so the conjunction is unknown
    assertEquals(2, out.size());
    assertEquals(10L + 2L * (499L * 500 / 2), out.get(0)[0]);
    assertEquals("v2", out.get(0)[1]);
    assertEquals(1000L + 499L * (499L * 500 / 2), out.get(1)[0]);
    assertEquals("v499", out.get(1)[1]);
  }

  @Test
  void errorsInMaterialisedBranchesOnlyRaiseWhereEvaluated() {
    StringBuilder big = new StringBuilder("100 / i");
    for (int t = 1; t < 400; t++) {
      big.append(" + (i * ").append(t).append(')');
    }
    String select = "CASE WHEN i = 0 THEN -1 ELSE " + big + " END";
    FilterProjectCompiler.Compiled c = compile(select, null);
    assertTrue(c.source().contains("private void fill"));
    List<Object[]> out = run(select, null, List.<Object[]>of(row("i", 0L), row("i", 1L)));
    assertEquals(-1L, out.get(0)[0]);
    assertEquals(100L + 399L * 400 / 2, out.get(1)[0]);
    assertEquals(ErrorCode.DIVISION_BY_ZERO, assertThrows(SluiceException.class,
        () -> run(big.toString(), null, List.<Object[]>of(row("i", 0L)))).code());
  }

  @Test
  void threeHundredColumnProjection() {
    StringBuilder select = new StringBuilder();
    for (int col = 0; col < 300; col++) {
      if (col > 0) {
        select.append(", ");
      }
      switch (col % 3) {
        case 0:
          select.append("i + ").append(col);
          break;
        case 1:
          select.append("s || '").append(col).append('\'');
          break;
        default:
          select.append("d * ").append(col).append("e0");
      }
    }
    FilterProjectCompiler.Compiled c = compile(select.toString(), "i > 0");
    assertMethodsSmall(c.source());
    List<Object[]> out = run(select.toString(), "i > 0", List.<Object[]>of(row("i", 5L, "s", "é", "d", 2.0), row("i", -1L)));
    assertEquals(1, out.size());
    for (int col = 0; col < 300; col++) {
      Object expected = col % 3 == 0 ? (Object) (5L + col) : col % 3 == 1 ? "é" + col : (Object) (2.0 * col);
      assertEquals(expected, out.get(0)[col], "column " + col);
    }
  }

  /**
   * Ten thousand columns (1,500 expressions, strings among them, the rest input columns; with NULLs): the class stays
   * within the JVM's limits (code per method, constant pool) because the loops of a wide list
   * share methods, the constructor sets columns up in helpers and equal literals share a field;
   * built as RexNodes, since validating the SQL of such a list is the planner's cost, not ours.
   */
  @Test
  void tenThousandColumnProjection() {
    SqlExpressions.Query q = Harness.SQL.parse("i, s", null);
    org.apache.calcite.rex.RexBuilder rb = SqlExpressions.REX_BUILDER;
    List<org.apache.calcite.rel.type.RelDataTypeField> fields = q.inputRowType().getFieldList();
    RexNode l = rb.makeInputRef(fields.get(1).getType(), 1);
    RexNode s = rb.makeInputRef(fields.get(3).getType(), 3);
    int columns = 10_000;
    List<RexNode> projects = new ArrayList<>();
    org.apache.calcite.rel.type.RelDataTypeFactory.Builder type = SqlExpressions.REX_BUILDER.getTypeFactory().builder();
    for (int col = 0; col < columns; col++) {
      RexNode p = switch (col % 20) {
        case 0 -> rb.makeCall(SqlStdOperatorTable.PLUS, l, rb.makeBigintLiteral(BigDecimal.valueOf(col % 7)));
        case 1 -> rb.makeCall(SqlStdOperatorTable.CONCAT, s, rb.makeLiteral("#" + (col % 5)));
        case 3 -> rb.makeCall(SqlStdOperatorTable.MULTIPLY, l, rb.makeBigintLiteral(BigDecimal.valueOf(col)));
        default -> l;
      };
      projects.add(p);
      type.add("c" + col, p.getType());
    }
    RexNode condition = rb.makeCall(SqlStdOperatorTable.GREATER_THAN, l, rb.makeBigintLiteral(BigDecimal.ZERO));
    FilterProjectCompiler.Compiled c = Harness.COMPILER.compile(q.inputRowType(), condition, projects, type.build(),
        Harness.CONTEXT);
    assertMethodsSmall(c.source());
    long methods = Pattern.compile("\n  private \\w+ \\w+\\(").matcher(c.source()).results().count();
    assertTrue(methods < columns / 4, methods + " methods for " + columns + " columns");
    List<Object[]> rows = List.<Object[]>of(row("l", 5L, "s", "é"), row("l", -1L), row("l", 3L, "s", null));
    List<org.apache.calcite.rel.type.RelDataTypeField> out = type.build().getFieldList();
    List<io.sluice.catalog.DataType> outTypes = new ArrayList<>();
    for (org.apache.calcite.rel.type.RelDataTypeField f : out) {
      outTypes.add(SourceGenerator.typeOf(f.getType()));
    }
    @SuppressWarnings("unchecked")
    List<Object[]> result = (List<Object[]>) Harness.run(c.newInstance(), Harness.batch(rows), outTypes);
    assertEquals(2, result.size());
    for (int col = 0; col < columns; col++) {
      for (int r = 0; r < 2; r++) {
        long lv = r == 0 ? 5L : 3L;
        String sv = r == 0 ? "é" : null;
        Object expected = switch (col % 20) {
          case 0 -> lv + col % 7;
          case 1 -> sv == null ? null : sv + "#" + col % 5;
          case 3 -> lv * col;
          default -> lv;
        };
        assertEquals(expected, result.get(r)[col], "column " + col + " of row " + r);
      }
    }
  }

  @Test
  void inListsOfAnyLengthShareOneShape() {
    FilterProjectCompiler.Compiled small = compile("i IN (1, 2, 3) AND s IN ('a', 'b')", null);
    FilterProjectCompiler.Compiled large = compile("i IN (5, 6, 7, 8, 9, 10) AND s IN ('x', 'y', 'zebra')", null);
    assertEquals(small.source(), large.source());
    assertTrue(small.source().contains(".contains("), small.source()); // one hash-set lookup (ValueSet) per list
    List<Object[]> out = run("i IN (5, 6, 7, 8, 9, 10) AND s IN ('x', 'y', 'zebra')", null,
        List.<Object[]>of(row("i", 7L, "s", "zebra"), row("i", 7L, "s", "zebr"), row("i", 4L, "s", "x"), row("i", null, "s", "x")));
    assertEquals(List.of(true, false, false), List.of(out.get(0)[0], out.get(1)[0], out.get(2)[0]));
    assertEquals(null, out.get(3)[0]);
    assertNotSame(small.constants()[0], large.constants()[0]);
  }
}
