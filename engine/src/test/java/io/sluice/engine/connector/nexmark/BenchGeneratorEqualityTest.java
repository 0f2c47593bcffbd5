package io.sluice.engine.connector.nexmark;

import static io.sluice.engine.connector.datagen.GeneratorTestSupport.options;
import static io.sluice.engine.connector.datagen.GeneratorTestSupport.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.TableKind;
import io.sluice.catalog.TableSchema;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential check against the workplace benchmark generator (bench/nexmark-gen): its model
 * class is compiled from source at test time and run next to the built-in source; both must
 * give the same person, auction and bid rows, field for field, for several seeds and rates.
 * Skipped when the generator's source is not there (set {@code -Dsluice.nexmark.gen.model}).
 */
class BenchGeneratorEqualityTest {
  private static final Path DEFAULT_MODEL = Path.of("../../shared/bench/nexmark-gen/src/main/java/nexmark/NexmarkModel.java");

  @TempDir
  static Path classes;

  private static Class<?> modelClass;

  @BeforeAll
  static void compileBenchModel() throws Exception {
    Path source = Path.of(System.getProperty("sluice.nexmark.gen.model", DEFAULT_MODEL.toString()));
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (!Files.isRegularFile(source) || compiler == null) {
      return;
    }
    int status = compiler.run(null, null, null, "-d", classes.toString(), source.toString());
    assertEquals(0, status, "compiling " + source);
    URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        BenchGeneratorEqualityTest.class.getClassLoader());
    modelClass = loader.loadClass("nexmark.NexmarkModel");
  }

  private static final String[][] FIELDS = {
    {"id", "name", "emailAddress", "creditCard", "city", "state", "dateTime", "extra"},
    {"id", "itemName", "description", "initialBid", "reserve", "dateTime", "expires", "seller", "category", "extra"},
    {"auction", "bidder", "price", "channel", "url", "dateTime", "extra"},
  };
  private static final String[] TABLES = {"person", "auction", "bid"};
  private static final String[] ENTITIES = {"Person", "Auction", "Bid"};

  /** Rows of the bench model, per table, for events [first, last). */
  private static List<List<List<Object>>> benchRows(long seed, long baseMillis, long rate, long first, long last)
      throws Exception {
    Constructor<?> constructor = modelClass.getConstructor(long.class, long.class, long.class);
    Object model = constructor.newInstance(seed, baseMillis, rate);
    Method kindOf = modelClass.getMethod("kindOf", long.class);
    List<List<List<Object>>> tables = new ArrayList<>();
    Object[] entities = new Object[3];
    Method[] generate = new Method[3];
    Field[][] fields = new Field[3][];
    for (int t = 0; t < 3; t++) {
      tables.add(new ArrayList<>());
      Class<?> entity = modelClass.getClassLoader().loadClass("nexmark.NexmarkModel$" + ENTITIES[t]);
      entities[t] = entity.getConstructor().newInstance();
      generate[t] = modelClass.getMethod(TABLES[t], long.class, entity);
      fields[t] = new Field[FIELDS[t].length];
      for (int f = 0; f < FIELDS[t].length; f++) {
        fields[t][f] = entity.getField(FIELDS[t][f]);
      }
    }
    for (long n = first; n < last; n++) {
      int t = ((Enum<?>) kindOf.invoke(null, n)).ordinal();
      generate[t].invoke(model, n, entities[t]);
      List<Object> row = new ArrayList<>();
      for (Field f : fields[t]) {
        row.add(f.get(entities[t]));
      }
      tables.get(t).add(row);
    }
    return tables;
  }

  private static NexmarkSource source(String table, long seed, String baseTime, long rate) {
    Map<String, String> options = options("connector", "nexmark", "table", table, "events-per-second", "unlimited",
        "event-time-rate", Long.toString(rate), "seed", Long.toString(seed), "base-time", baseTime);
    return new NexmarkConnectorFactory().createSource(
        new TableDefinition(table, TableKind.SOURCE, new TableSchema(List.of()), options, null));
  }

  private void assertSameEvents(long seed, String baseTime, long rate, long first, long last) throws Exception {
    assumeTrue(modelClass != null, "bench/nexmark-gen source not found: equality not checked");
    List<List<List<Object>>> expected = benchRows(seed, Instant.parse(baseTime).toEpochMilli(), rate, first, last);
    for (int t = 0; t < 3; t++) {
      List<List<Object>> actual = read(source(TABLES[t], seed, baseTime, rate), first, last);
      assertEquals(expected.get(t).size(), actual.size(), TABLES[t] + " rows");
      assertTrue(actual.size() > 0 || last - first < 50);
      for (int i = 0; i < actual.size(); i++) {
        assertEquals(expected.get(t).get(i), actual.get(i), TABLES[t] + " row " + i + " (seed " + seed + ")");
      }
    }
  }

  @Test
  void theGeneratorsDefaultsGiveTheSameEvents() throws Exception {
    assertSameEvents(42, "2024-01-01T00:00:00Z", 10_000, 0, 60_000);
  }

  @Test
  void otherSeedsRatesAndRangesGiveTheSameEvents() throws Exception {
    assertSameEvents(0, "2024-01-01T00:00:00Z", 10_000, 0, 5_000);
    assertSameEvents(7, "2015-07-15T00:00:00Z", 1_000_000, 123_457, 140_000);
    assertSameEvents(-3, "2024-01-01T00:00:00Z", 3, 9_999_990, 10_004_321);
    assertSameEvents(42, "2024-01-01T00:00:00Z", 10_000, 3_000_000_017L, 3_000_020_000L);
  }

  @Test
  void theDefaultsAreTheGenerators() throws Exception {
    assumeTrue(modelClass != null, "bench/nexmark-gen source not found");
    // Without seed, base-time or event-time-rate the source must match NexmarkGen's defaults.
    NexmarkSource defaults = new NexmarkConnectorFactory().createSource(new TableDefinition("bid", TableKind.SOURCE,
        new TableSchema(List.of()), options("connector", "nexmark", "table", "bid", "events-per-second", "unlimited"),
        null));
    List<List<List<Object>>> expected = benchRows(42, Instant.parse("2024-01-01T00:00:00Z").toEpochMilli(), 10_000, 0, 500);
    assertEquals(expected.get(2), read(defaults, 0, 500));
  }
}
