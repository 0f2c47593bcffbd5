package io.sluice.engine.connector.nexmark;

import static io.sluice.engine.connector.datagen.GeneratorTestSupport.options;
import static io.sluice.engine.connector.datagen.GeneratorTestSupport.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 *
 * <p>Where the generator's source is not there (a fresh machine; set
 * {@code -Dsluice.nexmark.gen.model} to point at it), the built-in source is compared with
 * {@code nexmark/bench-events.txt}, rows the generator produced, checked into the test resources;
 * where it is there, that file is checked against the generator too (and rewritten with
 * {@code -Dsluice.nexmark.golden.write=true}).
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

  /** The cases of the checked-in rows: seed, base time, event-time rate, first and last event. */
  private static final Object[][] GOLDEN_CASES = {
    {42L, "2024-01-01T00:00:00Z", 10_000L, 0L, 1_500L},
    {7L, "2015-07-15T00:00:00Z", 1_000_000L, 123_457L, 124_457L},
    {-3L, "2024-01-01T00:00:00Z", 3L, 9_999_990L, 10_000_990L},
  };
  private static final Path GOLDEN = Path.of("src/test/resources/nexmark/bench-events.txt");

  /** The built-in source against the generator's rows checked into the test resources (and those against the generator when it is there). */
  @Test
  void theSourceGivesTheGeneratorsCheckedInEvents() throws Exception {
    List<String> fromSource = new ArrayList<>();
    List<String> fromModel = new ArrayList<>();
    for (Object[] c : GOLDEN_CASES) {
      long seed = (Long) c[0];
      String base = (String) c[1];
      long rate = (Long) c[2];
      long first = (Long) c[3];
      long last = (Long) c[4];
      for (int t = 0; t < 3; t++) {
        for (List<Object> row : read(source(TABLES[t], seed, base, rate), first, last)) {
          fromSource.add(encode(seed, TABLES[t], row));
        }
      }
      if (modelClass != null) {
        List<List<List<Object>>> model = benchRows(seed, Instant.parse(base).toEpochMilli(), rate, first, last);
        for (int t = 0; t < 3; t++) {
          for (List<Object> row : model.get(t)) {
            fromModel.add(encode(seed, TABLES[t], row));
          }
        }
      }
    }
    List<String> golden;
    if (modelClass != null && Boolean.getBoolean("sluice.nexmark.golden.write")) {
      Files.createDirectories(GOLDEN.getParent());
      Files.writeString(GOLDEN, String.join("\n", fromModel), java.nio.charset.StandardCharsets.UTF_8);
      golden = fromModel;
    } else {
      try (java.io.InputStream in = BenchGeneratorEqualityTest.class.getResourceAsStream("/nexmark/bench-events.txt")) {
        assertTrue(in != null, "test resource nexmark/bench-events.txt is missing");
        golden = List.of(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n"));
      }
    }
    if (modelClass != null) {
      assertEquals(fromModel, golden, "the checked-in rows are the generator's");
    }
    assertEquals(golden.size(), fromSource.size(), "rows");
    for (int i = 0; i < golden.size(); i++) {
      assertEquals(golden.get(i), fromSource.get(i), "checked-in row " + (i + 1));
    }
  }

  /** One row as a line: seed, table, then each value tagged with its type (strings escaped). */
  private static String encode(long seed, String table, List<Object> row) {
    StringBuilder sb = new StringBuilder().append(seed).append('\t').append(table);
    for (Object v : row) {
      sb.append('\t');
      if (v == null) {
        sb.append('N');
      } else if (v instanceof String) {
        sb.append('S').append(((String) v).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n"));
      } else {
        sb.append(v.getClass().getSimpleName().charAt(0)).append(v);
      }
    }
    return sb.toString();
  }

  /** Against the generator itself, when its source is there: more seeds, rates and ranges, and the defaults. */
  @Test
  void theSourceGivesTheGeneratorsEvents() throws Exception {
    if (modelClass == null) {
      // no generator on this machine: theSourceGivesTheGeneratorsCheckedInEvents compares with its rows
      theSourceGivesTheGeneratorsCheckedInEvents();
      return;
    }
    theGeneratorsDefaultsGiveTheSameEvents();
    otherSeedsRatesAndRangesGiveTheSameEvents();
    theDefaultsAreTheGenerators();
  }

  private void theGeneratorsDefaultsGiveTheSameEvents() throws Exception {
    assertSameEvents(42, "2024-01-01T00:00:00Z", 10_000, 0, 60_000);
  }

  private void otherSeedsRatesAndRangesGiveTheSameEvents() throws Exception {
    assertSameEvents(0, "2024-01-01T00:00:00Z", 10_000, 0, 5_000);
    assertSameEvents(7, "2015-07-15T00:00:00Z", 1_000_000, 123_457, 140_000);
    assertSameEvents(-3, "2024-01-01T00:00:00Z", 3, 9_999_990, 10_004_321);
    assertSameEvents(42, "2024-01-01T00:00:00Z", 10_000, 3_000_000_017L, 3_000_020_000L);
  }

  private void theDefaultsAreTheGenerators() throws Exception {
    // Without seed, base-time or event-time-rate the source must match NexmarkGen's defaults.
    NexmarkSource defaults = new NexmarkConnectorFactory().createSource(new TableDefinition("bid", TableKind.SOURCE,
        new TableSchema(List.of()), options("connector", "nexmark", "table", "bid", "events-per-second", "unlimited"),
        null));
    List<List<List<Object>>> expected = benchRows(42, Instant.parse("2024-01-01T00:00:00Z").toEpochMilli(), 10_000, 0, 500);
    assertEquals(expected.get(2), read(defaults, 0, 500));
  }
}
