package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Mutated statements through JDBC: every one must end in a result or an ordinary SQLException
 * (never the internal-error class XX000, an Error, a timeout or a broken connection), and the
 * connection must answer {@code SELECT 1} after each. The seeds are the statements of the engine's
 * sqllogictest files; the mutations know SQL's tokens (delete, duplicate, swap, splice from another
 * statement, nest, cut short) and add the extremes that broke planning before: deep nesting, long
 * IN lists and SELECT lists, huge literals and odd Unicode. The seed is fixed, so a failure
 * repeats; {@code -Dsluice.fuzz.statements=N} and {@code -Dsluice.fuzz.seed=S} run more or others.
 */
class StatementFuzzTest {
  private static final int STATEMENTS = Integer.getInteger("sluice.fuzz.statements", 2000);
  private static final long SEED = Long.getLong("sluice.fuzz.seed", 15L);
  /** Keeps the test well under a minute on a busy machine; longer runs set more statements. */
  private static final long BUDGET_NANOS = Long.getLong("sluice.fuzz.seconds", 40L) * 1_000_000_000L;
  private static final Path SEEDS = Path.of("..", "engine", "src", "test", "resources", "sql");
  private static final Pattern TOKEN = Pattern.compile(
      "'(?:[^']|'')*'|\"[^\"]*\"|[A-Za-z_][A-Za-z_0-9]*|[0-9]+(?:\\.[0-9]+)?|<=|>=|<>|!=|\\|\\||\\S");
  private static final String[] ODD_TEXT = {"\u0000", "\uD800", "\uDFFF", "\u202E", "\u0301", "\uFEFF",
      "\uD83D\uDE00", "\u00A0", "\u2028", "\uFFFF", "ǅ", "ß", "U&'\\+01F600'", "U&'\\+1FFFFF'",
      "U&'!+0000zz' UESCAPE '!'", "U&'\\D800'"};

  @Test
  void mutatedStatementsEndInAResultOrAnOrdinaryError() throws Exception {
    List<String> seeds = seeds();
    assertTrue(seeds.size() > 100, "seed statements found: " + seeds.size());
    Random random = new Random(SEED);
    List<String> failures = new ArrayList<>();
    java.util.Map<String, Integer> outcomes = new java.util.TreeMap<>();
    long start = System.nanoTime();
    int run = 0;
    java.util.PriorityQueue<Timed> slowest = new java.util.PriorityQueue<>(java.util.Comparator.comparingLong(Timed::millis));
    try (Connection c = DriverManager.getConnection("jdbc:sluice:"); Statement s = c.createStatement()) {
      for (String seed : seeds) {
        if (seed.startsWith("CREATE") || seed.startsWith("INSERT")) {
          outcome(s, seed, failures, new java.util.TreeMap<>()); // the tables the queries read
        }
      }
      for (; run < STATEMENTS && System.nanoTime() - start < BUDGET_NANOS; run++) {
        String mutated = mutate(seeds, random);
        long statementStart = System.nanoTime();
        outcome(s, mutated, failures, outcomes);
        slowest.add(new Timed((System.nanoTime() - statementStart) / 1_000_000, mutated));
        if (slowest.size() > 5) {
          slowest.poll();
        }
        try (ResultSet rs = s.executeQuery("SELECT 1")) {
          assertTrue(rs.next(), "the connection answers after: " + shortened(mutated));
        }
      }
    }
    System.err.printf("StatementFuzzTest: %d statements in %d ms, %d failures; outcomes by SQLSTATE: %s%n", run,
        (System.nanoTime() - start) / 1_000_000, failures.size(), outcomes);
    for (Timed t : slowest) {
      System.err.printf("  %d ms: %s%n", t.millis(), shortened(t.sql()));
    }
    assertTrue(failures.isEmpty(), failures.size() + " statements failed:\n" + String.join("\n", failures));
  }

  /** A statement and how long it took, for the report of the slowest. */
  private record Timed(long millis, String sql) {}

  /** Runs {@code sql} and reads its rows; notes anything but a result or an ordinary error. */
  private static void outcome(Statement s, String sql, List<String> failures, java.util.Map<String, Integer> outcomes) {
    String result = "ok";
    try {
      s.setQueryTimeout(30);
      if (s.execute(sql)) {
        try (ResultSet rs = s.getResultSet()) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            for (int i = 1; i <= columns; i++) {
              rs.getObject(i);
            }
          }
        }
      }
    } catch (SQLException e) {
      String state = String.valueOf(e.getSQLState());
      result = state;
      if (state.startsWith("XX") || state.equals("57014") || e.getMessage() == null) {
        failures.add(state + " " + shortened(String.valueOf(e.getMessage())) + "\n    for: " + shortened(sql));
      }
    } catch (RuntimeException | Error e) {
      result = e.getClass().getSimpleName();
      failures.add(e + "\n    for: " + shortened(sql));
    }
    outcomes.merge(result, 1, Integer::sum);
  }

  private static String mutate(List<String> seeds, Random random) {
    List<String> tokens = tokens(seeds.get(random.nextInt(seeds.size())));
    int mutations = 1 + random.nextInt(3);
    for (int m = 0; m < mutations && !tokens.isEmpty(); m++) {
      int at = random.nextInt(tokens.size());
      switch (random.nextInt(11)) {
        case 0 -> tokens.remove(at);
        case 1 -> tokens.add(at, tokens.get(at));
        case 2 -> {
          int other = random.nextInt(tokens.size());
          String t = tokens.get(at);
          tokens.set(at, tokens.get(other));
          tokens.set(other, t);
        }
        case 3 -> {
          List<String> donor = tokens(seeds.get(random.nextInt(seeds.size())));
          tokens.add(at, donor.get(random.nextInt(donor.size())));
        }
        case 4 -> tokens.subList(at, tokens.size()).clear();
        case 5 -> {
          int depth = pick(random, 10, 500, 5_000);
          tokens.add(at, "(".repeat(depth));
          tokens.add(Math.min(at + 2, tokens.size()), ")".repeat(depth));
        }
        case 6 -> tokens.add(at, "1" + " + 1".repeat(pick(random, 10, 500, 20_000)));
        case 7 -> tokens.add(at, "'" + "x".repeat(pick(random, 100, 100_000, 5_000_000)) + "'");
        case 8 -> tokens.add(at, ODD_TEXT[random.nextInt(ODD_TEXT.length)]);
        case 9 -> tokens.add(at, "'" + ODD_TEXT[random.nextInt(ODD_TEXT.length)] + "'");
        default -> {
          StringBuilder list = new StringBuilder("(");
          int n = pick(random, 5, 1_000, 50_000);
          for (int i = 0; i < n; i++) {
            list.append(i == 0 ? "" : ", ").append(i);
          }
          tokens.add(at, random.nextBoolean() ? "IN " + list + ")" : list + ")");
        }
      }
    }
    return String.join(" ", tokens);
  }

  /** Mostly small, sometimes large, rarely extreme. */
  private static int pick(Random random, int small, int large, int extreme) {
    int dice = random.nextInt(20);
    int bound = dice == 0 ? extreme : dice < 5 ? large : small;
    return 1 + random.nextInt(bound);
  }

  private static List<String> tokens(String sql) {
    List<String> tokens = new ArrayList<>();
    Matcher m = TOKEN.matcher(sql);
    while (m.find()) {
      tokens.add(m.group());
    }
    return tokens;
  }

  /**
   * The statements of the sqllogictest files (after {@code statement ...} and {@code query ...}
   * up to the {@code ----} or a blank line), leaving out those that start continuous queries or
   * touch files: stream and files tests, sources, sinks, SET.
   */
  private static List<String> seeds() throws IOException {
    List<String> statements = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SEEDS)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".test")).sorted().toList()) {
        String folder = file.getParent().getFileName().toString();
        if (folder.equals("stream") || folder.equals("files")) {
          continue;
        }
        StringBuilder current = null;
        for (String line : Files.readAllLines(file)) {
          if (line.startsWith("statement ") || line.startsWith("query ")) {
            current = new StringBuilder();
          } else if (current != null && (line.isBlank() || line.equals("----"))) {
            add(statements, current.toString());
            current = null;
          } else if (current != null) {
            current.append(current.length() == 0 ? "" : "\n").append(line);
          }
        }
        if (current != null) {
          add(statements, current.toString());
        }
      }
    }
    return statements;
  }

  private static void add(List<String> statements, String sql) {
    String upper = sql.strip().toUpperCase(java.util.Locale.ROOT);
    if (sql.isBlank() || upper.startsWith("SET") || upper.contains("SOURCE") || upper.contains("SINK")
        || upper.contains("CONNECTOR") || upper.contains("CHECKPOINT") || upper.contains("COPY")) {
      return;
    }
    statements.add(sql.strip());
  }

  private static String shortened(String text) {
    String flat = text.replace('\n', ' ');
    return flat.length() <= 300 ? flat : flat.substring(0, 300) + "... (" + flat.length() + " chars)";
  }
}
