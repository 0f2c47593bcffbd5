package io.sluice.codegen;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.data.Batch;
import io.sluice.runtime.generated.FilterProject;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Generated code against {@link ReferenceEvaluator} on random expressions over random batches
 * with nulls, edge values, non-ASCII text, and with and without selection vectors.
 */
class DifferentialTest {
  enum Cat { INT, DEC, DBL, STR, BOOL, DATE, TS }

  private final Random random = new Random(Long.getLong("differential.seed", 20240229L));
  private final List<String> failures = new ArrayList<>();
  private int compared;
  private int errorsCompared;
  private int skipped;

  private String pick(String... options) {
    return options[random.nextInt(options.length)];
  }

  String gen(Cat c, int depth) {
    if (depth <= 0 || random.nextInt(4) == 0) {
      return leaf(c);
    }
    int d = depth - 1;
    switch (c) {
      case INT:
        switch (random.nextInt(24)) {
          case 0: return "(" + gen(Cat.INT, d) + " + " + gen(Cat.INT, d) + ")";
          case 1: return "(" + gen(Cat.INT, d) + " - " + gen(Cat.INT, d) + ")";
          case 2: return "(" + gen(Cat.INT, d) + " * " + gen(Cat.INT, d) + ")";
          case 3: return "(" + gen(Cat.INT, d) + " / " + gen(Cat.INT, d) + ")";
          case 4: return "MOD(" + gen(Cat.INT, d) + ", " + gen(Cat.INT, d) + ")";
          case 5: return "-(" + gen(Cat.INT, d) + ")";
          case 6: return pick("ABS(", "SIGN(") + gen(Cat.INT, d) + ")";
          case 7: return "CHAR_LENGTH(" + gen(Cat.STR, d) + ")";
          case 8: return "POSITION(" + gen(Cat.STR, d) + " IN " + gen(Cat.STR, d) + ")";
          case 9: return "EXTRACT(" + pick("YEAR", "MONTH", "DAY", "DOW", "DOY", "WEEK", "QUARTER") + " FROM "
              + gen(random.nextBoolean() ? Cat.DATE : Cat.TS, d) + ")";
          case 10: return "EXTRACT(" + pick("HOUR", "MINUTE", "SECOND") + " FROM " + pick("ts", "tm") + ")";
          case 11: return "CASE WHEN " + gen(Cat.BOOL, d) + " THEN " + gen(Cat.INT, d) + " ELSE " + gen(Cat.INT, d) + " END";
          case 12: return "COALESCE(" + gen(Cat.INT, d) + ", " + gen(Cat.INT, d) + ")";
          case 13: return "NULLIF(" + gen(Cat.INT, d) + ", " + gen(Cat.INT, d) + ")";
          case 14: return "CAST(" + pick("s", "s2", "'42'", "' -7 '") + " AS " + pick("INTEGER", "BIGINT", "SMALLINT") + ")";
          case 15: return "CAST(" + gen(Cat.DBL, d) + " AS " + pick("INTEGER", "BIGINT") + ")";
          case 16: return "CAST(" + gen(Cat.DEC, d) + " AS INTEGER)";
          case 17: return "TIMESTAMPDIFF(" + pick("DAY", "MONTH", "HOUR", "SECOND") + ", " + gen(Cat.TS, d) + ", " + gen(Cat.TS, d) + ")";
          case 18: return "ROUND(" + gen(Cat.INT, d) + ", -1)";
          case 19: return "CAST(" + gen(Cat.INT, d) + " AS " + pick("SMALLINT", "TINYINT") + ")";
          case 20: return "CASE " + gen(Cat.INT, d) + " WHEN 1 THEN 10 WHEN 7 THEN " + gen(Cat.INT, d) + " ELSE -3 END";
          case 21: return "GREATEST(" + gen(Cat.INT, d) + ", " + gen(Cat.INT, d) + ")";
          case 22: return "POSITION(" + gen(Cat.STR, d) + " IN " + gen(Cat.STR, d) + " FROM 2)";
          default: return "(" + gen(Cat.INT, d) + " + l)";
        }
      case DEC:
        switch (random.nextInt(14)) {
          case 0: return "(" + gen(Cat.DEC, d) + " + " + gen(Cat.DEC, d) + ")";
          case 1: return "(" + gen(Cat.DEC, d) + " - " + gen(Cat.INT, d) + ")";
          case 2: return "(m * " + gen(Cat.DEC, d) + ")";
          case 3: return "(" + gen(Cat.DEC, d) + " / " + gen(Cat.DEC, d) + ")";
          case 4: return "MOD(" + gen(Cat.DEC, d) + ", 3)";
          case 5: return pick("ROUND(", "TRUNCATE(") + gen(Cat.DEC, d) + ", " + pick("0", "1", "-1") + ")";
          case 6: return pick("FLOOR(", "CEIL(") + gen(Cat.DEC, d) + ")";
          case 7: return "CAST(" + gen(Cat.INT, d) + " AS DECIMAL(" + pick("10, 2", "18, 0", "4, 1") + "))";
          case 8: return "CAST(" + gen(Cat.DBL, d) + " AS DECIMAL(12, 3))";
          case 9: return "CAST(" + pick("s", "'3.145'", "' -0.5'") + " AS DECIMAL(8, 2))";
          case 10: return "-(" + gen(Cat.DEC, d) + ")";
          case 11: return pick("ABS(", "SIGN(") + gen(Cat.DEC, d) + ")";
          case 12: return "CASE WHEN " + gen(Cat.BOOL, d) + " THEN " + gen(Cat.DEC, d) + " ELSE 1.5 END";
          default: return "CAST(" + gen(Cat.DEC, d) + " AS DECIMAL(6, 1))";
        }
      case DBL:
        switch (random.nextInt(16)) {
          case 0: return "(" + gen(Cat.DBL, d) + " + " + gen(Cat.DBL, d) + ")";
          case 1: return "(" + gen(Cat.DBL, d) + " - " + gen(Cat.INT, d) + ")";
          case 2: return "(" + gen(Cat.DBL, d) + " * " + gen(Cat.DBL, d) + ")";
          case 3: return "(" + gen(Cat.DBL, d) + " / " + gen(Cat.DBL, d) + ")";
          case 4: return "POWER(" + gen(Cat.DBL, d) + ", 2)";
          case 5: return "SQRT(ABS(" + gen(Cat.DBL, d) + "))";
          case 6: return pick("LN(", "LOG10(") + "ABS(" + gen(Cat.DBL, d) + ") + 1)";
          case 7: return "EXP(" + gen(Cat.DBL, d) + " / 1000)";
          case 8: return pick("ROUND(", "TRUNCATE(") + gen(Cat.DBL, d) + ", " + pick("0", "2", "-1") + ")";
          case 9: return pick("FLOOR(", "CEIL(", "ABS(", "SIGN(") + gen(Cat.DBL, d) + ")";
          case 10: return "CAST(" + gen(random.nextBoolean() ? Cat.INT : Cat.DEC, d) + " AS DOUBLE)";
          case 11: return "CAST(" + pick("s", "'2.5e3'", "'x1'") + " AS DOUBLE)";
          case 12: return "(" + gen(Cat.DEC, d) + " + " + gen(Cat.DBL, d) + ")";
          case 13: return "CASE WHEN " + gen(Cat.BOOL, d) + " THEN " + gen(Cat.DBL, d) + " END";
          case 14: return "CAST(" + gen(Cat.DBL, d) + " AS REAL)";
          default: return "PI";
        }
      case STR:
        switch (random.nextInt(24)) {
          case 0: return pick("UPPER(", "LOWER(", "INITCAP(", "REVERSE(") + gen(Cat.STR, d) + ")";
          case 1: return "TRIM(" + gen(Cat.STR, d) + ")";
          case 2: return "TRIM(" + pick("BOTH", "LEADING", "TRAILING") + " " + pick("'a'", "' '", "'ö'") + " FROM " + gen(Cat.STR, d) + ")";
          case 3: return "SUBSTRING(" + gen(Cat.STR, d) + " FROM " + pick("1", "2", "0", "-1", "5") + ")";
          case 4: return "SUBSTRING(" + gen(Cat.STR, d) + " FROM " + pick("1", "2", "0", "-1") + " FOR " + pick("0", "2", "3", "10") + ")";
          case 5: return "(" + gen(Cat.STR, d) + " || " + gen(Cat.STR, d) + ")";
          case 6: return "CONCAT(" + gen(Cat.STR, d) + ", " + gen(Cat.STR, d) + ", " + gen(Cat.STR, d) + ")";
          case 7: return "REPLACE(" + gen(Cat.STR, d) + ", " + pick("'a'", "'l'", "''", "'ß'") + ", " + pick("'XY'", "''") + ")";
          case 8: return pick("LEFT(", "RIGHT(") + gen(Cat.STR, d) + ", " + pick("0", "2", "3", "100", "-1") + ")";
          case 9: return pick("LPAD(", "RPAD(") + gen(Cat.STR, d) + ", " + pick("0", "4", "8") + ", " + pick("'xy'", "'é'") + ")";
          case 10: return "RPAD(" + gen(Cat.STR, d) + ", 6)";
          case 11: return "REPEAT(" + gen(Cat.STR, d) + ", " + pick("0", "2", "3") + ")";
          case 12: return "CAST(" + gen(Cat.INT, d) + " AS VARCHAR)";
          case 13: return "CAST(" + gen(Cat.DBL, d) + " AS VARCHAR)";
          case 14: return "CAST(" + gen(Cat.DEC, d) + " AS VARCHAR)";
          case 15: return "CAST(" + gen(Cat.DATE, d) + " AS VARCHAR)";
          case 16: return "CAST(" + gen(Cat.TS, d) + " AS VARCHAR)";
          case 17: return "CAST(" + pick("tm", "b", "CAST(m AS REAL)") + " AS VARCHAR)";
          case 18: return "CAST(" + gen(Cat.STR, d) + " AS VARCHAR(3))";
          case 19: return "CAST(" + gen(Cat.INT, d) + " AS CHAR(6))";
          case 20: return "CASE WHEN " + gen(Cat.BOOL, d) + " THEN " + gen(Cat.STR, d) + " ELSE " + gen(Cat.STR, d) + " END";
          case 21: return "COALESCE(" + gen(Cat.STR, d) + ", 'none')";
          case 22: return "CASE " + gen(Cat.STR, d) + " WHEN 'abc' THEN 'x' WHEN '' THEN 'empty' END";
          default: return "LOWER(" + gen(Cat.STR, d) + ") || 'é'";
        }
      case BOOL: {
        Cat[] comparable = {Cat.INT, Cat.DEC, Cat.DBL, Cat.STR, Cat.DATE, Cat.TS, Cat.INT};
        switch (random.nextInt(20)) {
          case 0: case 1: case 2: {
            Cat x = comparable[random.nextInt(comparable.length)];
            return "(" + gen(x, d) + " " + pick("=", "<>", "<", "<=", ">", ">=") + " " + gen(x, d) + ")";
          }
          case 3: return "(" + gen(Cat.INT, d) + " " + pick("<", "=", ">=") + " " + gen(random.nextBoolean() ? Cat.DEC : Cat.DBL, d) + ")";
          case 4: return "(" + gen(Cat.BOOL, d) + " AND " + gen(Cat.BOOL, d) + ")";
          case 5: return "(" + gen(Cat.BOOL, d) + " OR " + gen(Cat.BOOL, d) + ")";
          case 6: return "NOT " + gen(Cat.BOOL, d);
          case 7: return gen(comparable[random.nextInt(comparable.length)], d) + pick(" IS NULL", " IS NOT NULL");
          case 8: return "(" + gen(Cat.BOOL, d) + ")" + pick(" IS TRUE", " IS NOT TRUE", " IS FALSE", " IS NOT FALSE");
          case 9: return gen(Cat.STR, d) + pick(" LIKE ", " NOT LIKE ") + pick("'a%'", "'%b%'", "'_b%'", "'%'", "'H%d'", "'%ö%'", "'%_'", "'a%c'", "''", "'日_語'");
          case 10: return gen(Cat.STR, d) + " LIKE 'a!%%' ESCAPE '!'";
          case 11: return gen(Cat.INT, d) + pick(" IN (1, 7, -1)", " NOT IN (0, 1)", " IN (2147483647, 3)");
          case 12: return gen(Cat.STR, d) + pick(" IN ('abc', 'zebra', '')", " NOT IN ('x', 'abc')");
          case 13: return gen(Cat.INT, d) + pick(" BETWEEN -5 AND 100", " NOT BETWEEN 0 AND 7");
          case 14: {
            Cat x = comparable[random.nextInt(comparable.length)];
            return gen(x, d) + pick(" IS DISTINCT FROM ", " IS NOT DISTINCT FROM ") + gen(x, d);
          }
          case 15: return "CAST(" + pick("s", "'TRUE'", "' false '") + " AS BOOLEAN)";
          case 16: return "(i > 0 AND i < 10 OR l = 3)";
          case 17: return gen(Cat.DEC, d) + pick(" IN (1.00, 0.05)", " BETWEEN -1 AND 1");
          case 18: return gen(Cat.DATE, d) + " IN (DATE '2024-02-29', DATE '1970-01-01')";
          default: return "(" + gen(Cat.STR, d) + " " + pick("<", ">=", "=") + " 'abc')";
        }
      }
      case DATE:
        switch (random.nextInt(10)) {
          case 0: return "(" + gen(Cat.DATE, d) + " + INTERVAL '" + pick("1", "13", "-1") + "' MONTH)";
          case 1: return "(" + gen(Cat.DATE, d) + " - INTERVAL '3' DAY)";
          case 2: return "(" + gen(Cat.DATE, d) + " + INTERVAL '1' YEAR)";
          case 3: return pick("FLOOR(", "CEIL(") + gen(Cat.DATE, d) + " TO " + pick("MONTH", "YEAR", "QUARTER", "WEEK") + ")";
          case 4: return "CAST(" + gen(Cat.TS, d) + " AS DATE)";
          case 5: return "CAST(" + pick("s", "'2024-2-9'", "'2023-02-29'") + " AS DATE)";
          case 6: return "TIMESTAMPADD(" + pick("MONTH", "DAY", "YEAR") + ", MOD(" + gen(Cat.INT, d) + ", 30), " + gen(Cat.DATE, d) + ")";
          case 7: return "CURRENT_DATE";
          case 8: return "CASE WHEN " + gen(Cat.BOOL, d) + " THEN " + gen(Cat.DATE, d) + " ELSE DATE '2000-01-01' END";
          default: return "(" + gen(Cat.DATE, d) + " - INTERVAL '1-2' YEAR TO MONTH)";
        }
      default:
        switch (random.nextInt(10)) {
          case 0: return "(" + gen(Cat.TS, d) + " + INTERVAL '" + pick("1", "-25") + "' MONTH)";
          case 1: return "(" + gen(Cat.TS, d) + " - INTERVAL '2' HOUR)";
          case 2: return "(" + gen(Cat.TS, d) + " + INTERVAL '1:30' HOUR TO MINUTE)";
          case 3: return pick("FLOOR(", "CEIL(") + gen(Cat.TS, d) + " TO " + pick("HOUR", "DAY", "WEEK", "MONTH", "YEAR", "SECOND", "MINUTE") + ")";
          case 4: return "CAST(" + gen(Cat.DATE, d) + " AS TIMESTAMP)";
          case 5: return "CAST(" + pick("s", "'2024-01-31 10:20:30.5'", "'2024-01-31'") + " AS TIMESTAMP)";
          case 6: return "TIMESTAMPADD(" + pick("HOUR", "MONTH", "SECOND") + ", MOD(" + gen(Cat.INT, d) + ", 100), " + gen(Cat.TS, d) + ")";
          case 7: return "CURRENT_TIMESTAMP";
          case 8: return "(" + gen(Cat.TS, d) + " + (" + gen(Cat.TS, d) + " - " + gen(Cat.TS, d) + ") DAY TO SECOND)";
          default: return "(" + gen(Cat.TS, d) + " + INTERVAL '1 02:03:04.005' DAY TO SECOND)";
        }
    }
  }

  private String leaf(Cat c) {
    switch (c) {
      case INT:
        return pick("i", "l", "si", "nn", "0", "1", "-1", "7", "2147483647", "9223372036854775807", "i", "nn");
      case DEC:
        return pick("m", "2.55", "0.05", "-1.5", "m");
      case DBL:
        return pick("d", "1.5e0", "-0.5e0", "0e0", "d");
      case STR:
        return pick("s", "s2", "''", "'abc'", "'zebra'", "'é'", "'a%'", "s");
      case BOOL:
        return pick("b", "TRUE", "FALSE", "b");
      case DATE:
        return pick("dt", "DATE '2024-02-29'", "dt");
      default:
        return pick("ts", "TIMESTAMP '2024-01-31 10:20:30.123'", "ts");
    }
  }

  // ------------------------------------------------------------ random data

  private static final String[] STRINGS = {"", "abc", "Hello World", "zebra", "ÄÖü straße", "  pad  ", "a%b_c", "123",
    "-45", "2024-02-29", "true", "日本語", "x", "12:30:00", "2024-01-31 10:20:30", "3.14159", "ab", "öaö", "a", "aXbc"};

  private Object value(int column, boolean nulls) {
    if (nulls && column != 11 && random.nextInt(6) == 0) {
      return null;
    }
    switch (column) {
      case 0:
        return (long) pickInt(0, 1, -1, 7, Integer.MAX_VALUE, Integer.MIN_VALUE, random.nextInt(2001) - 1000, 3);
      case 1:
        return pickLong(0, -1, 3, Long.MAX_VALUE, Long.MIN_VALUE, random.nextInt(100_001) - 50_000L);
      case 2:
        return pickDouble(0.0, -1.0, 1.5, 2.5, -2.5, 1e300, -0.0, Math.round(random.nextGaussian() * 100_000) / 100.0, 0.125);
      case 3:
      case 10:
        return STRINGS[random.nextInt(STRINGS.length)];
      case 4:
        return LocalDate.ofEpochDay(pickLong(0, 19782, 19722, -1, 10987, 11029, random.nextInt(40_000) - 10_000L));
      case 5:
        return ReferenceEvaluator.ts(pickLong(1706745599999L, -3_600_000L, 0, 1709164800000L,
            (long) (random.nextDouble() * 4e12) - 1_000_000_000_000L));
      case 6:
        return BigDecimal.valueOf(pickLong(0, -100, 1234567899, -9999999999L, 5, random.nextInt(2_000_001) - 1_000_000L), 2);
      case 7:
        return random.nextBoolean();
      case 8:
        return LocalTime.ofNanoOfDay(pickLong(0, 45_045_123, 86_399_999, random.nextInt(86_400_000)) * 1_000_000L);
      case 9:
        return (long) pickInt(0, 32767, -32768, random.nextInt(201) - 100);
      default:
        return (long) pickInt(0, 1, -1, 7, 1000, random.nextInt(50));
    }
  }

  private int pickInt(int... v) {
    return v[random.nextInt(v.length)];
  }

  private long pickLong(long... v) {
    return v[random.nextInt(v.length)];
  }

  private double pickDouble(double... v) {
    return v[random.nextInt(v.length)];
  }

  private List<Object[]> rows(int n, boolean nulls) {
    List<Object[]> rows = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      Object[] row = new Object[Harness.NAMES.size()];
      for (int c = 0; c < row.length; c++) {
        row[c] = value(c, nulls);
      }
      rows.add(row);
    }
    return rows;
  }

  // ------------------------------------------------------------ the comparison

  private void check(String select, String where) {
    SqlExpressions.Query q;
    try {
      q = Harness.SQL.parse(select, where);
    } catch (IllegalArgumentException e) {
      skipped++;
      return;
    }
    FilterProjectCompiler.Compiled compiled;
    try {
      compiled = Harness.COMPILER.compile(q.inputRowType(), q.condition(), q.projects(), q.outputRowType(), Harness.CONTEXT);
    } catch (RuntimeException e) {
      failures.add("compile " + select + (where == null ? "" : " WHERE " + where) + ": " + e);
      return;
    }
    FilterProject fp = compiled.newInstance();
    ReferenceEvaluator reference = new ReferenceEvaluator(SqlExpressions.REX_BUILDER, Harness.NOW);
    List<DataType> outTypes = Harness.outTypes(q);
    for (int round = 0; round < 6; round++) {
      boolean nulls = round % 3 != 2;
      List<Object[]> rows = rows(1 + random.nextInt(24), nulls);
      Batch batch = Harness.batch(rows);
      List<Integer> selected = new ArrayList<>();
      if (round % 2 == 1) {
        int[] sel = new int[rows.size()];
        int count = 0;
        for (int r = 0; r < rows.size(); r++) {
          if (random.nextInt(3) > 0) {
            sel[count++] = r;
            selected.add(r);
          }
        }
        batch.selection = sel;
        batch.selectedCount = count;
      } else {
        for (int r = 0; r < rows.size(); r++) {
          selected.add(r);
        }
      }
      // the reference, row by row: filter first, then each projection
      Object expected;
      List<Object[]> expectedRows = new ArrayList<>();
      try {
        List<Integer> passing = new ArrayList<>();
        for (int r : selected) {
          if (q.condition() == null || Boolean.TRUE.equals(reference.eval(q.condition(), rows.get(r)))) {
            passing.add(r);
          }
        }
        for (int r : passing) {
          Object[] out = new Object[q.projects().size()];
          expectedRows.add(out);
        }
        for (int p = 0; p < q.projects().size(); p++) {
          for (int k = 0; k < passing.size(); k++) {
            expectedRows.get(k)[p] = reference.eval(q.projects().get(p), rows.get(passing.get(k)));
          }
        }
        expected = expectedRows;
      } catch (SluiceException e) {
        expected = e;
      } catch (RuntimeException e) {
        skipped++;
        return; // outside the reference's domain
      }
      Object actual = Harness.run(fp, batch, outTypes);
      String context = "SELECT " + select + (where == null ? "" : " WHERE " + where) + "\n  rex: " + q.projects()
          + (q.condition() == null ? "" : " WHERE " + q.condition());
      if (expected instanceof SluiceException || actual instanceof SluiceException) {
        ErrorCode e = expected instanceof SluiceException ? ((SluiceException) expected).code() : null;
        ErrorCode a = actual instanceof SluiceException ? ((SluiceException) actual).code() : null;
        if (e != a) {
          failures.add(context + "\n  expected " + (e != null ? e : "rows") + " but got "
              + (a != null ? a + " " + ((SluiceException) actual).getMessage() : "rows") + "\n  rows: " + describe(rows, selected));
        }
        errorsCompared++;
        continue;
      }
      @SuppressWarnings("unchecked")
      List<Object[]> got = (List<Object[]>) actual;
      if (got.size() != expectedRows.size()) {
        failures.add(context + "\n  expected " + expectedRows.size() + " rows, got " + got.size() + "\n  rows: " + describe(rows, selected));
        continue;
      }
      for (int k = 0; k < got.size(); k++) {
        for (int c = 0; c < got.get(k).length; c++) {
          if (!Harness.same(expectedRows.get(k)[c], got.get(k)[c])) {
            failures.add(context + "\n  row " + k + " expected " + expectedRows.get(k)[c] + " got " + got.get(k)[c]
                + "\n  rows: " + describe(rows, selected));
            k = got.size();
            break;
          }
        }
      }
      compared++;
    }
  }

  private static String describe(List<Object[]> rows, List<Integer> selected) {
    StringBuilder sb = new StringBuilder();
    for (int r : selected) {
      sb.append("\n    #").append(r).append(' ').append(Harness.show(rows.get(r)));
      if (sb.length() > 3000) {
        break;
      }
    }
    return sb.toString();
  }

  @Test
  void generatedCodeMatchesReference() {
    Cat[] cats = Cat.values();
    int expressions = Integer.getInteger("differential.count", 700);
    for (int n = 0; n < expressions; n++) {
      Cat c = cats[n % cats.length];
      String e = gen(c, 1 + random.nextInt(3));
      check(e, null);
      if (c == Cat.BOOL) {
        check("i, s, " + gen(Cat.INT, 2), e);
      }
    }
    System.out.println("differential: " + compared + " batches compared, " + errorsCompared + " error outcomes compared, "
        + skipped + " skipped, " + failures.size() + " failures");
    if (!failures.isEmpty()) {
      StringBuilder sb = new StringBuilder();
      for (String f : failures.subList(0, Math.min(15, failures.size()))) {
        sb.append(f).append("\n\n");
      }
      fail(failures.size() + " mismatches:\n" + sb);
    }
    assertTrue(compared > 1000, "too few comparisons: " + compared);
  }
}
