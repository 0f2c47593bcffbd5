package io.sluice.engine.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.checkpoint.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory budget in a real JVM with a small heap (-Xmx256m, {@link ChildJvm}): a GROUP BY over
 * ever-new keys stops with the budget's error, never an OutOfMemoryError, under the default
 * budget as under a set one; and a query stopped so goes on from its checkpoint once given a
 * larger budget, to the same end as if it had never stopped.
 */
class StateBudgetChildJvmTest {
  @TempDir
  static Path temp;
  private static ChildJvm jvm;

  @BeforeAll
  static void packClassPath() throws IOException {
    jvm = ChildJvm.create(temp.resolve("jvm"));
  }

  /** Runs {@link StateBudgetChild} with {@code args} and returns what it reported, by key. */
  private static Map<String, String> run(String... args) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(jvm.command(StateBudgetChild.class.getName(), args))
        .redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the child ended");
    String text = new String(output, StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), text);
    assertFalse(text.contains("OutOfMemoryError"), text);
    Map<String, String> report = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int space = line.indexOf(' ');
      if (space > 0 && line.substring(0, space).matches("[A-Z_]+")) {
        report.put(line.substring(0, space), line.substring(space + 1));
      }
    }
    report.put("OUTPUT", text);
    return report;
  }

  @Test
  void theDefaultBudgetStopsAGroupByOfEverNewKeysBeforeTheHeapRunsOut() throws Exception {
    Map<String, String> report = run("unbounded", "default", "none");
    assertEquals("FAILED", report.get("STATUS"), report.get("OUTPUT"));
    String error = report.get("ERROR");
    assertTrue(error.startsWith("Query q1 failed in batch "), error);
    assertTrue(error.contains("the state of query q1 outgrew the memory budget: operator GroupAggregate"), error);
    // 50 % of the child's maximum heap (a little under 256 MiB)
    assertTrue(error.matches(".*over 'pipeline\\.state\\.memory' = 1[12]\\d MiB\\..*"), error);
    assertTrue(error.contains("'pipeline.state-ttl'") && error.contains("java -Xmx"), error);
  }

  @Test
  void anOutOfMemoryErrorInAQueryFailsThatQueryWithAClearError() throws Exception {
    // a budget far above the heap: the heap runs out first, inside the query's thread
    Map<String, String> report = run("unbounded", "1t", "none");
    assertEquals("FAILED", report.get("STATUS"), report.get("OUTPUT"));
    String error = report.get("ERROR");
    assertTrue(error.startsWith("Query q1 ran out of Java heap (Java heap space) with its state at about "), error);
    assertTrue(error.contains("a budget of 1.00 TiB ('pipeline.state.memory') and a maximum heap of "), error);
    assertTrue(error.contains("'pipeline.state-ttl'"), error);
  }

  @Test
  void aQueryStoppedByItsBudgetGoesOnFromItsCheckpointWithALargerOne() throws Exception {
    String checkpoint = temp.resolve("ckpt").toString();
    Map<String, String> first = run("400000", "24m", checkpoint);
    assertEquals("FAILED", first.get("STATUS"), first.get("OUTPUT"));
    assertTrue(first.get("ERROR").contains("over 'pipeline.state.memory' = 24.0 MiB"), first.get("ERROR"));
    long committedBatches = Long.parseLong(first.get("BATCHES"));
    assertTrue(committedBatches >= 1, first.get("OUTPUT"));

    Map<String, String> second = run("400000", "120m", checkpoint);
    assertTrue(second.get("STARTED").contains("goes on after batch " + (committedBatches - 1)), second.get("STARTED"));
    assertEquals("FINISHED", second.get("STATUS"), second.get("OUTPUT"));
    assertEquals("400000", second.get("STATE_ROWS"), "every key counted once: " + second.get("OUTPUT"));
    assertEquals(400_000, Long.parseLong(first.get("INPUT_ROWS")) + Long.parseLong(second.get("INPUT_ROWS")),
        "each row read once over both runs");
  }
}
