package io.sluice.engine.connector.datagen;

import static io.sluice.engine.connector.datagen.GeneratorTestSupport.column;
import static io.sluice.engine.connector.datagen.GeneratorTestSupport.options;
import static io.sluice.engine.connector.datagen.GeneratorTestSupport.read;
import static io.sluice.engine.connector.datagen.GeneratorTestSupport.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.connector.StreamSource;
import io.sluice.catalog.connector.Table;
import io.sluice.catalog.data.Values;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DatagenSourceTest {
  private static final Column[] COLUMNS = {
    column("id", TypeKind.BIGINT), column("v", TypeKind.DOUBLE), column("name", TypeKind.VARCHAR),
    column("ts", TypeKind.TIMESTAMP)
  };

  private static DatagenSource create(Map<String, String> options, Column... columns) {
    return new DatagenConnectorFactory().createSource(source("s", options, columns));
  }

  /** A source whose wall clock the test moves. */
  private static DatagenSource withClock(AtomicLong nanos, Map<String, String> options, Column... columns) {
    return new DatagenSource("s", DatagenOptions.parse(source("s", options, columns)), nanos::get);
  }

  @Test
  void isFoundByServiceLoaderUnderItsName() {
    assertTrue(GeneratorTestSupport.registered("datagen") instanceof DatagenConnectorFactory);
  }

  @Test
  void theSameRangeGivesTheSameRowsEveryTime() {
    DatagenSource s = create(options("connector", "datagen", "rows-per-second", "unlimited", "number-of-rows", "20000",
        "fields.id.kind", "random", "fields.name.null-rate", "0.1"), COLUMNS);
    List<List<Object>> first = read(s, 1234, 15000);
    assertEquals(15000 - 1234, first.size());
    assertEquals(first, read(s, 1234, 15000));
    // a new source object with the same options: same rows
    assertEquals(first, read(create(options("connector", "datagen", "rows-per-second", "unlimited",
        "number-of-rows", "20000", "fields.id.kind", "random", "fields.name.null-rate", "0.1"), COLUMNS), 1234, 15000));
  }

  @Test
  void anySplitOfARangeGivesTheSameRowsInTotal() {
    DatagenSource s = create(options("connector", "datagen", "rows-per-second", "unlimited", "number-of-rows", "10000",
        "fields.v.null-rate", "0.3"), COLUMNS);
    List<List<Object>> whole = read(s, 0, 10000);
    List<List<Object>> pieces = new ArrayList<>();
    long[] cuts = {0, 1, 7, 4095, 4096, 4097, 8191, 9999, 10000};
    for (int i = 1; i < cuts.length; i++) {
      pieces.addAll(read(s, cuts[i - 1], cuts[i]));
    }
    assertEquals(whole, pieces);
    // and a reversed order of reads gives each piece alike
    assertEquals(whole.subList(4097, 8191), read(s, 4097, 8191));
  }

  @Test
  void theSeedChangesTheValuesAndTheColumnNameSelectsAStream() {
    Map<String, String> base = options("connector", "datagen", "rows-per-second", "unlimited", "number-of-rows", "100");
    Map<String, String> other = new java.util.LinkedHashMap<>(base);
    other.put("seed", "1");
    assertNotEquals(read(create(base, COLUMNS), 0, 100), read(create(other, COLUMNS), 0, 100));
    // a column keeps its values when other columns are added or reordered
    List<List<Object>> v = read(create(base, COLUMNS), 0, 100, 1);
    List<List<Object>> reordered = read(create(base, column("x", TypeKind.INTEGER), COLUMNS[1]), 0, 100, 1);
    assertEquals(v, reordered);
  }

  @Test
  void defaultsAreASequenceOfEventTimeAndRandomValues() {
    DatagenSource s = create(options("connector", "datagen", "rows-per-second", "1000", "start-time",
        "2024-03-01 12:00:00"), COLUMNS);
    List<List<Object>> rows = read(s, 0, 3000);
    long start = Values.timestampFromJava(java.time.LocalDateTime.parse("2024-03-01T12:00:00"));
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(start + i, rows.get(i).get(3), "1000 rows/s: 1 ms of event time per row");
      double v = (Double) rows.get(i).get(1);
      assertTrue(v >= 0 && v < 1, "random DOUBLE in [0, 1)");
      String name = (String) rows.get(i).get(2);
      assertEquals(10, name.length());
      assertTrue(name.chars().allMatch(c -> c >= 'a' && c <= 'z'), name);
    }
    Set<Object> ids = new HashSet<>();
    rows.forEach(r -> ids.add(r.get(0)));
    assertEquals(3000, ids.size(), "random BIGINT values hardly repeat");
  }

  @Test
  void sequencesAndBoundsAreRespected() {
    DatagenSource s = create(options("connector", "datagen", "rows-per-second", "unlimited",
        "fields.id.kind", "sequence", "fields.id.start", "10", "fields.id.end", "10009",
        "fields.n.start", "-5", "fields.n.end", "5",
        "fields.label.kind", "sequence", "fields.label.start", "-3",
        "fields.d.start", "2.5", "fields.d.end", "3",
        "fields.price.start", "1.50", "fields.price.end", "2.00",
        "fields.ts.kind", "random", "fields.ts.start", "2024-01-01 00:00:00", "fields.ts.end", "2024-01-01 00:00:01",
        "event-time-per-row", "5 ms"),
        column("id", TypeKind.BIGINT), column("n", TypeKind.TINYINT), column("label", TypeKind.VARCHAR),
        column("d", TypeKind.DOUBLE), new Column("price", DataType.decimal(5, 2)), column("ts", TypeKind.TIMESTAMP),
        column("flag", TypeKind.BOOLEAN), column("day", TypeKind.DATE));
    assertEquals(10000, s.numberOfRows(), "a bounded sequence bounds the source");
    assertTrue(s.isFinished("10000"));
    assertFalse(s.isFinished("9999"));
    assertEquals("10000", s.nextEndOffset("0"));
    List<List<Object>> rows = read(s, 0, 20000);
    assertEquals(10000, rows.size(), "reads stop at the end of the sequence");
    long t0 = Values.timestampFromJava(java.time.LocalDateTime.parse("2024-01-01T00:00:00"));
    for (int i = 0; i < rows.size(); i++) {
      List<Object> r = rows.get(i);
      assertEquals(10L + i, r.get(0));
      long n = (Long) r.get(1);
      assertTrue(n >= -5 && n <= 5);
      assertEquals(Long.toString(i - 3), r.get(2));
      double d = (Double) r.get(3);
      assertTrue(d >= 2.5 && d < 3);
      long price = (Long) r.get(4);
      assertTrue(price >= 150 && price <= 200, "unscaled DECIMAL(5, 2)");
      long ts = (Long) r.get(5);
      assertTrue(ts >= t0 && ts <= t0 + 1000);
      assertTrue(r.get(6) instanceof Boolean);
      long day = (Long) r.get(7);
      assertTrue(day >= 19723 && day <= 19723 + 365, "DATE in days, from 2024-01-01 for a year");
    }
  }

  @Test
  void nullRateGivesAboutThatShareOfNulls() {
    DatagenSource s = create(options("connector", "datagen", "rows-per-second", "unlimited", "number-of-rows", "100000",
        "fields.id.null-rate", "0.25", "fields.name.null-rate", "1", "fields.v.null-rate", "0"), COLUMNS);
    int idNulls = 0;
    for (List<Object> r : read(s, 0, 100000)) {
      idNulls += r.get(0) == null ? 1 : 0;
      assertNull(r.get(2));
      assertTrue(r.get(1) != null);
    }
    assertEquals(25000, idNulls, 1000);
  }

  @Test
  void projectionGivesTheRequestedColumnsInRequestOrder() {
    DatagenSource s = create(options("connector", "datagen", "rows-per-second", "unlimited", "number-of-rows", "5000"),
        COLUMNS);
    List<List<Object>> all = read(s, 0, 5000);
    List<List<Object>> projected = read(s, 0, 5000, 3, 0, 3);
    assertEquals(all.size(), projected.size());
    for (int i = 0; i < all.size(); i++) {
      assertEquals(List.of(all.get(i).get(3), all.get(i).get(0), all.get(i).get(3)), projected.get(i));
    }
    assertEquals(5000, GeneratorTestSupport.count(s, 0, 5000), "no columns: rows are still counted");
  }

  @Test
  void rowsArriveAtTheRateOfWallClockTime() {
    AtomicLong nanos = new AtomicLong(1_000_000_000L);
    DatagenSource s = withClock(nanos, options("connector", "datagen", "rows-per-second", "1000",
        "max-rows-per-batch", "700"), COLUMNS);
    assertEquals("0", s.nextEndOffset("0"), "nothing is due when the source starts");
    nanos.addAndGet(250_000_000L);
    assertEquals("250", s.nextEndOffset("0"));
    nanos.addAndGet(999_999L);
    assertEquals("250", s.nextEndOffset("250"), "never ahead of the schedule");
    nanos.addAndGet(1L);
    assertEquals("251", s.nextEndOffset("250"));
    nanos.addAndGet(10_000_000_000L);
    assertEquals("951", s.nextEndOffset("251"), "capped by max-rows-per-batch");
    assertEquals("10251", s.nextEndOffset("10000"));
    assertEquals("10251", s.nextEndOffset("10251"), "equal to start when nothing is new");
    for (long t = 0; t < 100; t++) {
      nanos.addAndGet(3_333_333L);
      long due = (nanos.get() - 1_000_000_000L) / 1_000_000L;
      long end = Long.parseLong(s.nextEndOffset("0"));
      assertTrue(end <= Math.min(due, 700), end + " ahead of " + due);
    }
  }

  @Test
  void aResumedSourceContinuesAtItsRateFromItsOffset() {
    AtomicLong nanos = new AtomicLong(5_000_000_000L);
    DatagenSource s = withClock(nanos, options("connector", "datagen", "rows-per-second", "100"), COLUMNS);
    assertEquals("123456", s.nextEndOffset("123456"));
    nanos.addAndGet(500_000_000L);
    assertEquals("123506", s.nextEndOffset("123456"));
  }

  @Test
  void unlimitedMakesEverythingAvailableAtOnceAndNumberOfRowsFinishesTheSource() {
    DatagenSource s = create(options("connector", "datagen", "rows-per-second", "unlimited",
        "number-of-rows", "1000000"), COLUMNS);
    assertEquals("1000000", s.nextEndOffset("0"));
    assertEquals("1000000", s.nextEndOffset("999999"));
    assertFalse(s.isFinished("999999"));
    assertTrue(s.isFinished("1000000"));
    assertEquals(0, GeneratorTestSupport.count(s, 1000000, 1000000, 0));
    assertEquals(1000000, GeneratorTestSupport.count(s, 0, 1000000, 0, 1, 2, 3));

    DatagenSource endless = create(options("connector", "datagen", "rows-per-second", "unlimited"), COLUMNS);
    assertEquals("1000000", endless.nextEndOffset("0"), "endless and unlimited: batches of a million by default");
    assertFalse(endless.isFinished("1000000000"));
    assertTrue(endless.describe().contains("unlimited"), endless.describe());
  }

  @Test
  void aFiniteGeneratorIsABoundedTable() {
    TableDefinition definition = source("t", options("connector", "datagen", "number-of-rows", "10000"), COLUMNS);
    Table table = new DatagenConnectorFactory().create(definition);
    assertEquals(10000.0, table.statistics().rowCount());
    long[] rows = new long[1];
    table.scan(io.sluice.catalog.connector.ScanRequest.all(4), b -> rows[0] += b.rowCount());
    assertEquals(10000, rows[0]);
    StreamSource stream = new DatagenConnectorFactory().createSource(definition);
    assertEquals("datagen 1000 rows/s, 10000 rows, seed 0", stream.describe());
  }
}
