package io.sluice.engine.connector.nexmark;

import static io.sluice.engine.connector.datagen.GeneratorTestSupport.column;
import static io.sluice.engine.connector.datagen.GeneratorTestSupport.count;
import static io.sluice.engine.connector.datagen.GeneratorTestSupport.options;
import static io.sluice.engine.connector.datagen.GeneratorTestSupport.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.TableKind;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.connector.Table;
import io.sluice.engine.connector.datagen.GeneratorTestSupport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NexmarkSourceTest {
  private static TableDefinition definition(Map<String, String> options, Column... columns) {
    return new TableDefinition("t", TableKind.SOURCE, new TableSchema(Arrays.asList(columns)), options, null);
  }

  private static NexmarkSource create(String table, String... moreOptions) {
    Map<String, String> options = options("connector", "nexmark", "table", table, "events-per-second", "unlimited");
    options.putAll(options(moreOptions));
    return new NexmarkConnectorFactory().createSource(definition(options));
  }

  private static void assertInvalid(Map<String, String> options, Column[] columns, String... fragments) {
    SluiceException e = assertThrows(SluiceException.class,
        () -> new NexmarkConnectorFactory().createSource(definition(options, columns)));
    assertEquals(ErrorCode.INVALID_OPTION, e.code(), e.getMessage());
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
  }

  @Test
  void isFoundByServiceLoaderUnderItsName() {
    assertTrue(GeneratorTestSupport.registered("nexmark") instanceof NexmarkConnectorFactory);
  }

  @Test
  void omittedColumnsGiveTheStandardSchema() {
    assertEquals("(auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR, dateTime TIMESTAMP(3),"
        + " extra VARCHAR)", create("bid").schema().toString());
    assertEquals("(id BIGINT, name VARCHAR, emailAddress VARCHAR, creditCard VARCHAR, city VARCHAR, state VARCHAR,"
        + " dateTime TIMESTAMP(3), extra VARCHAR)", create("person").schema().toString());
    assertEquals("(id BIGINT, itemName VARCHAR, description VARCHAR, initialBid BIGINT, reserve BIGINT,"
        + " dateTime TIMESTAMP(3), expires TIMESTAMP(3), seller BIGINT, category BIGINT, extra VARCHAR)",
        create("auction").schema().toString());
  }

  @Test
  void declaredColumnsMayUseSnakeCaseOrASubsetInAnyOrder() {
    Map<String, String> options = options("connector", "nexmark", "table", "bid", "events-per-second", "unlimited");
    Column[] declared = {column("auction", TypeKind.BIGINT), column("bidder", TypeKind.BIGINT),
        column("price", TypeKind.BIGINT), column("channel", TypeKind.VARCHAR), column("url", TypeKind.VARCHAR),
        column("date_time", TypeKind.TIMESTAMP), column("extra", TypeKind.VARCHAR)};
    NexmarkSource snake = new NexmarkConnectorFactory().createSource(definition(options, declared));
    assertEquals("date_time", snake.schema().column(5).name());
    assertEquals(read(create("bid"), 0, 5000), read(snake, 0, 5000));
    NexmarkSource subset = new NexmarkConnectorFactory().createSource(definition(options,
        column("PRICE", TypeKind.BIGINT), column("dateTime", TypeKind.TIMESTAMP)));
    List<List<Object>> full = read(create("bid"), 0, 5000);
    List<List<Object>> rows = read(subset, 0, 5000);
    for (int i = 0; i < full.size(); i++) {
      assertEquals(List.of(full.get(i).get(2), full.get(i).get(5)), rows.get(i));
    }
  }

  @Test
  void declaredColumnsAreCheckedAgainstTheStandardSchema() {
    Map<String, String> options = options("connector", "nexmark", "table", "bid");
    assertInvalid(options, new Column[] {column("auction", TypeKind.BIGINT), column("biddr", TypeKind.BIGINT)},
        "'biddr'", "Nexmark bid table", "Did you mean 'bidder'?", "auction, bidder, price");
    assertInvalid(options, new Column[] {column("auction", TypeKind.BIGINT), column("price", TypeKind.DOUBLE)},
        "'price'", "declared DOUBLE", "bid.price is BIGINT");
    assertInvalid(options, new Column[] {column("date_time", TypeKind.BIGINT)}, "'date_time'", "TIMESTAMP(3)");
    assertInvalid(options("connector", "nexmark", "table", "person"), new Column[] {column("seller", TypeKind.BIGINT)},
        "'seller'", "Nexmark person table");
  }

  @Test
  void optionsAreChecked() {
    Column[] none = new Column[0];
    assertInvalid(options("connector", "nexmark"), none, "'table' is required", "person, auction, bid");
    assertInvalid(options("table", "bids"), none, "'bids'", "Did you mean 'bid'?");
    assertInvalid(options("table", "bid", "event-per-second", "5"), none, "'event-per-second'",
        "Did you mean 'events-per-second'?");
    assertInvalid(options("table", "bid", "events-per-second", "lots"), none, "'events-per-second'", "'unlimited'");
    assertInvalid(options("table", "bid", "max-events", "-5"), none, "'max-events'");
    assertInvalid(options("table", "bid", "max-events-per-batch", "0"), none, "'max-events-per-batch'");
    assertInvalid(options("table", "bid", "event-time-rate", "unlimited"), none, "'event-time-rate'");
    assertInvalid(options("table", "bid", "seed", "1.5"), none, "'seed'");
    assertInvalid(options("table", "bid", "base-time", "soon"), none, "'base-time'");
    SluiceException e = assertThrows(SluiceException.class,
        () -> new NexmarkConnectorFactory().create(definition(options("table", "bid"))));
    assertTrue(e.getMessage().contains("CREATE SOURCE") && e.getMessage().contains("'max-events'"), e.getMessage());
  }

  @Test
  void eachTableHoldsItsShareOfTheEventsInOrder() {
    long events = 1_000_000;
    assertEquals(20_000, count(create("person"), 0, events));
    assertEquals(60_000, count(create("auction"), 0, events));
    assertEquals(920_000, count(create("bid"), 0, events));
    // ranges that cut epochs anywhere: every event goes to exactly one table
    for (long[] r : new long[][] {{0, 1}, {1, 4}, {3, 5}, {49, 51}, {17, 1017}, {12_345, 67_891}}) {
      long total = count(create("person"), r[0], r[1]) + count(create("auction"), r[0], r[1])
          + count(create("bid"), r[0], r[1]);
      assertEquals(r[1] - r[0], total, Arrays.toString(r));
      for (String table : List.of("person", "auction", "bid")) {
        NexmarkSource s = create(table);
        assertEquals(s.rowsIn(r[1]) - s.rowsIn(r[0]), count(s, r[0], r[1]), table + " " + Arrays.toString(r));
      }
    }
    // ids are dense and ascending, event time never goes back
    List<List<Object>> persons = read(create("person"), 0, 50_000);
    List<List<Object>> auctions = read(create("auction"), 0, 50_000);
    for (int i = 0; i < persons.size(); i++) {
      assertEquals(1000L + i, persons.get(i).get(0));
    }
    for (int i = 0; i < auctions.size(); i++) {
      assertEquals(1000L + i, auctions.get(i).get(0));
      long category = (Long) auctions.get(i).get(8);
      assertTrue(category >= 10 && category < 15);
      assertTrue((Long) auctions.get(i).get(6) > (Long) auctions.get(i).get(5), "expires after it starts");
      assertTrue((Long) auctions.get(i).get(4) >= (Long) auctions.get(i).get(3), "reserve at least the initial bid");
    }
    long previous = Long.MIN_VALUE;
    for (List<Object> bid : read(create("bid"), 0, 50_000)) {
      long t = (Long) bid.get(5);
      assertTrue(t >= previous);
      previous = t;
    }
  }

  @Test
  void hotAuctionsBiddersAndSellersGetTheirShare() {
    long events = 500_000;
    Map<Long, Integer> byAuction = new HashMap<>();
    Map<Long, Integer> byBidder = new HashMap<>();
    List<List<Object>> bids = read(create("bid"), 0, events, 0, 1, 3);
    int hotChannel = 0;
    for (List<Object> bid : bids) {
      byAuction.merge((Long) bid.get(0), 1, Integer::sum);
      byBidder.merge((Long) bid.get(1), 1, Integer::sum);
      String channel = (String) bid.get(2);
      hotChannel += List.of("Google", "Facebook", "Baidu", "Apple").contains(channel) ? 1 : 0;
    }
    // hot auction: the newest auction rounded down to 100 gets half of the bids
    int hotAuctionBids = 0;
    int hotBidderBids = 0;
    long n = 0;
    for (List<Object> bid : bids) {
      while (!NexmarkTable.BID.holds(n)) {
        n++;
      }
      long lastAuction = NexmarkModel.lastBase0AuctionId(n);
      long lastPerson = NexmarkModel.lastBase0PersonId(n);
      hotAuctionBids += (Long) bid.get(0) == lastAuction / 100 * 100 + 1000 ? 1 : 0;
      hotBidderBids += (Long) bid.get(1) == lastPerson / 100 * 100 + 1 + 1000 ? 1 : 0;
      n++;
    }
    double size = bids.size();
    assertEquals(0.5, hotAuctionBids / size, 0.02, "hot auctions");
    assertEquals(0.75, hotBidderBids / size, 0.02, "hot bidders");
    assertEquals(0.5, hotChannel / size, 0.01, "hot channels");
    int topAuction = byAuction.values().stream().max(Integer::compare).orElse(0);
    double meanPerAuction = size / byAuction.size();
    assertTrue(topAuction > 20 * meanPerAuction, "skewed: the busiest auction has " + topAuction
        + " bids, the mean is " + meanPerAuction);

    List<List<Object>> auctions = read(create("auction"), 0, events, 0, 7);
    int hotSellers = 0;
    for (List<Object> a : auctions) {
      long auctionNumber = (Long) a.get(0) - 1000;
      long event = auctionNumber / 3 * 50 + 1 + auctionNumber % 3;
      hotSellers += (Long) a.get(1) == NexmarkModel.lastBase0PersonId(event) / 100 * 100 + 1000 ? 1 : 0;
    }
    assertEquals(0.75, hotSellers / (double) auctions.size(), 0.03, "hot sellers");
  }

  @Test
  void readsAreRepeatableAndSplitsDoNotMatter() {
    for (String table : List.of("person", "auction", "bid")) {
      NexmarkSource s = create(table, "seed", "5");
      List<List<Object>> whole = read(s, 100, 30_000);
      assertEquals(whole, read(s, 100, 30_000), table);
      List<List<Object>> pieces = new ArrayList<>();
      long[] cuts = {100, 101, 149, 150, 151, 4_500, 4_551, 29_999, 30_000};
      for (int i = 1; i < cuts.length; i++) {
        pieces.addAll(read(s, cuts[i - 1], cuts[i]));
      }
      assertEquals(whole, pieces, table);
      assertTrue(!whole.equals(read(create(table, "seed", "6"), 100, 30_000)), "another seed, other events");
    }
  }

  @Test
  void everyProjectionGivesTheSameValuesAsAFullRead() {
    for (String table : List.of("person", "auction", "bid")) {
      NexmarkSource s = create(table);
      List<List<Object>> full = read(s, 0, 20_000);
      int columns = s.schema().size();
      for (int c = 0; c < columns; c++) {
        List<List<Object>> one = read(s, 0, 20_000, c);
        for (int i = 0; i < full.size(); i++) {
          assertEquals(full.get(i).get(c), one.get(i).get(0), table + " column " + c + " row " + i);
        }
      }
      List<List<Object>> twice = read(s, 0, 20_000, columns - 1, 0, columns - 1);
      for (int i = 0; i < full.size(); i++) {
        assertEquals(List.of(full.get(i).get(columns - 1), full.get(i).get(0), full.get(i).get(columns - 1)),
            twice.get(i));
      }
      assertEquals(full.size(), count(s, 0, 20_000), "no columns");
    }
  }

  @Test
  void eventTimeAdvancesAtTheEventTimeRate() {
    List<List<Object>> persons = read(create("person", "event-time-rate", "1000", "base-time", "2024-06-01 00:00:00"),
        0, 10_000, 6);
    long base = 1717200000000L;
    for (int i = 0; i < persons.size(); i++) {
      assertEquals(base + i * 50L, persons.get(i).get(0), "1000 events/s: a person every 50 ms");
    }
    // a paced source's event time follows its wall-clock rate unless told otherwise
    NexmarkSource paced = new NexmarkConnectorFactory().createSource(definition(options("table", "person",
        "events-per-second", "200")));
    assertEquals(1704067200000L + 250L, read(paced, 50, 51, 6).get(0).get(0));
  }

  @Test
  void eventsArriveAtTheRateOfWallClockTimeAndStopAtMaxEvents() {
    AtomicLong nanos = new AtomicLong();
    NexmarkSource s = new NexmarkSource(NexmarkOptions.parse(definition(options("table", "bid",
        "events-per-second", "10000", "max-events", "25000", "max-events-per-batch", "8000"))), nanos::get);
    assertEquals("0", s.nextEndOffset("0"));
    nanos.addAndGet(100_000_000L);
    assertEquals("1000", s.nextEndOffset("0"));
    nanos.addAndGet(900_000_000L);
    assertEquals("8000", s.nextEndOffset("0"), "max-events-per-batch");
    assertEquals("10000", s.nextEndOffset("8000"), "not ahead of the clock");
    nanos.addAndGet(60_000_000_000L);
    assertEquals("25000", s.nextEndOffset("20000"), "never past max-events");
    assertEquals("25000", s.nextEndOffset("25000"));
    assertFalse(s.isFinished("24999"));
    assertTrue(s.isFinished("25000"));
    assertEquals(count(s, 0, 25_000), count(s, 0, 90_000), "reads stop at max-events");

    NexmarkSource unlimited = create("bid", "max-events", "3000000");
    assertEquals("3000000", unlimited.nextEndOffset("0"), "unlimited: everything at once");
    assertEquals("1000000", create("bid").nextEndOffset("0"), "unlimited and endless: a million a batch");
    assertEquals("nexmark bid, unlimited, 3000000 events, seed 42", unlimited.describe());
  }

  @Test
  void aFiniteStreamIsABoundedTable() {
    Table table = new NexmarkConnectorFactory().create(definition(options("table", "auction", "max-events", "1000")));
    assertEquals(60.0, table.statistics().rowCount());
    long[] rows = new long[1];
    table.scan(io.sluice.catalog.connector.ScanRequest.all(table.schema().size()), b -> rows[0] += b.rowCount());
    assertEquals(60, rows[0]);
  }

  @Test
  void charAndSizedVarcharColumnsAreAccepted() {
    NexmarkSource s = new NexmarkConnectorFactory().createSource(definition(options("table", "person"),
        column("id", TypeKind.BIGINT), new Column("state", new DataType(TypeKind.CHAR, 2, 0, true)),
        new Column("name", DataType.varchar(40))));
    List<List<Object>> rows = read(s, 0, 500);
    assertEquals(10, rows.size());
    assertEquals(2, ((String) rows.get(0).get(1)).length());
  }
}
