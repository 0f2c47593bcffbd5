package io.sluice.engine.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.function.FunctionCategory;
import io.sluice.catalog.function.FunctionInfo;
import io.sluice.catalog.function.FunctionKind;
import io.sluice.engine.Database;
import io.sluice.engine.Functions;
import io.sluice.engine.Session;
import io.sluice.optimizer.QueryPlanner;
import io.sluice.optimizer.functions.FunctionRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class FunctionRegistryTest {
  private final FunctionRegistry registry = FunctionRegistry.instance();

  @Test
  void listsEnoughFunctionsOfEveryKind() {
    assertTrue(registry.all().size() >= 60, "functions: " + registry.all().size());
    for (FunctionKind kind : FunctionKind.values()) {
      assertTrue(registry.all().stream().anyMatch(f -> f.kind() == kind), "no " + kind.label() + " function");
    }
    for (FunctionCategory category : FunctionCategory.values()) {
      assertFalse(registry.inCategory(category).isEmpty(), "no function in " + category.label());
    }
  }

  @Test
  void namesAreSortedUpperCaseAndLookedUpInAnyCase() {
    List<String> names = Functions.names();
    assertEquals(new ArrayList<>(new TreeSet<>(names)), names);
    assertEquals(registry.names(), names);
    assertEquals("UPPER", Functions.lookup("upper").orElseThrow().name());
    assertEquals("UPPER", Functions.lookup(" Upper ").orElseThrow().name());
    assertTrue(Functions.lookup("NO_SUCH_FUNCTION").isEmpty());
    assertTrue(Functions.lookup(null).isEmpty());
    assertEquals(names.size(), Functions.all().size());
  }

  @Test
  void kindAndCategoryAgree() {
    for (FunctionInfo f : registry.all()) {
      boolean aggregate = f.category() == FunctionCategory.AGGREGATE;
      boolean window = f.category() == FunctionCategory.WINDOW;
      assertEquals(aggregate, f.kind() == FunctionKind.AGGREGATE, f.name());
      assertEquals(window, f.kind() == FunctionKind.WINDOW, f.name());
    }
  }

  /** An example that does not call its function would let a broken function pass. */
  @Test
  void everyExampleAndSignatureNamesItsFunction() {
    for (FunctionInfo f : registry.all()) {
      for (String signature : f.signatures()) {
        // RLIKE's signatures are mostly PostgreSQL's operators for it: ~ ~* !~ !~*
        assertTrue(signature.toUpperCase(Locale.ROOT).contains(f.name()) || f.name().equals("CONCAT")
            || f.name().equals("CEIL") || f.name().equals("RLIKE"), f.name() + ": " + signature);
      }
      for (FunctionInfo.Example example : f.examples()) {
        assertTrue(example.sql().toUpperCase(Locale.ROOT).contains(f.name()), f.name() + ": " + example.sql());
        assertFalse(example.result().isEmpty(), f.name() + " example has no rows: " + example.sql());
      }
      assertTrue(f.description().endsWith("."), f.name() + ": the description is one sentence");
    }
  }

  /** Every name is one the validator resolves. */
  @Test
  void everyNameIsKnownToTheValidator() {
    Set<String> known = QueryPlanner.operatorNames();
    List<String> unknown = new ArrayList<>();
    for (String name : registry.names()) {
      if (!known.contains(name)) {
        unknown.add(name);
      }
    }
    assertEquals(List.of(), unknown, "functions the validator does not know");
  }

  @Test
  void showFunctionsListsTheRegistry() {
    try (Session session = Database.inMemory().openSession()) {
      List<String> shown = new ArrayList<>();
      for (String row : FunctionExamplesTest.rows(session, "SHOW FUNCTIONS")) {
        shown.add(row.split(" \\| ")[0]);
      }
      assertEquals(registry.names(), shown);
    }
  }

  @Test
  void mistakesInTheFileNameTheFunction() {
    IllegalStateException badKind = assertThrows(IllegalStateException.class, () -> parse(
        "{\"name\": \"F\", \"kind\": \"table\", \"category\": \"string\", \"signatures\": [\"F()\"],"
            + " \"description\": \"d.\", \"examples\": [{\"sql\": \"SELECT F()\", \"result\": [\"1\"]}]}"));
    assertTrue(badKind.getMessage().contains("function F") && badKind.getMessage().contains("table"),
        badKind.getMessage());
    IllegalStateException noExample = assertThrows(IllegalStateException.class, () -> parse(
        "{\"name\": \"F\", \"kind\": \"scalar\", \"category\": \"string\", \"signatures\": [\"F()\"],"
            + " \"description\": \"d.\", \"examples\": []}"));
    assertTrue(noExample.getMessage().contains("function F"), noExample.getMessage());
    String one = "{\"name\": \"F\", \"kind\": \"scalar\", \"category\": \"string\", \"signatures\": [\"F()\"],"
        + " \"description\": \"d.\", \"examples\": [{\"sql\": \"SELECT F()\", \"result\": [\"1\"]}]}";
    IllegalStateException twice = assertThrows(IllegalStateException.class, () -> parse(one + ", " + one));
    assertTrue(twice.getMessage().contains("F is declared twice"), twice.getMessage());
    IllegalStateException unknownField = assertThrows(IllegalStateException.class,
        () -> parse(one.replace("\"description\"", "\"descripton\"")));
    assertTrue(unknownField.getMessage().contains("descripton"), unknownField.getMessage());
  }

  private static FunctionRegistry parse(String functions) throws Exception {
    String json = "{\"functions\": [" + functions + "]}";
    return FunctionRegistry.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void helpListsByCategoryAndDescribesOneFunction() {
    String list = FunctionHelp.topic(registry.all(), "functions");
    assertTrue(list.startsWith("String functions:\n"), list);
    assertTrue(list.contains("Window functions:\n  CUME_DIST, DENSE_RANK,"), list);
    for (String name : registry.names()) {
      assertTrue(list.contains(" " + name), name);
    }
    for (String line : list.split("\n")) {
      assertTrue(line.length() <= 100, line);
    }
    assertEquals(String.join("\n",
        "UPPER(string)",
        "  Converts a string to upper case.",
        "  scalar function, string",
        "Example:",
        "  SELECT UPPER('Sluice');",
        "    SLUICE"), FunctionHelp.topic(registry.all(), "upper"));
    assertEquals("No function named 'uper'. Type 'help functions' for the list.",
        FunctionHelp.topic(registry.all(), "uper"));
    assertTrue(FunctionHelp.topic(registry.all(), "rank").startsWith("RANK() OVER"));
    assertTrue(FunctionHelp.topic(registry.all(), "sum").contains("\n  aggregate function\nExamples:\n"),
        FunctionHelp.topic(registry.all(), "sum"));
    assertTrue(FunctionHelp.topic(registry.all(), "SUM").endsWith("ORDER BY x;\n    10 | 10\n    20 | 30\n    30 | 60"));
    assertTrue(FunctionHelp.topic(registry.all(), "_RANK").contains("Similar: DENSE_RANK, PERCENT_RANK, RANK."));
  }
}
