package io.sluice.engine.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.checkpoint.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale check of the memory budget, run by hand only ({@code -Dsluice.budget.scale=true}, a
 * minute or two and 2 GB of heap): a GROUP BY of 100 M distinct keys over datagen in a child JVM
 * with {@code -Xmx2g}, the heap state backend and the default budget stops with the budget's
 * error, not an OutOfMemoryError. Prints how long it took and the error.
 */
@EnabledIfSystemProperty(named = "sluice.budget.scale", matches = "true")
class StateBudgetScaleTest {
  @TempDir
  Path temp;

  @Test
  void aHundredMillionKeysWithTwoGigabytesOfHeapStopAtTheBudget() throws Exception {
    List<String> command = new ArrayList<>();
    for (String part : ChildJvm.create(temp).command(StateBudgetChild.class.getName(), "100000000", "default",
        "none")) {
      if (part.startsWith("-Xmx")) {
        command.add("-Xmx2g");
      } else if (!part.startsWith("-XX:TieredStopAtLevel") && !part.contains("Archive")) {
        command.add(part); // the full JIT: this run is about a large state, not a quick start
      }
    }
    long start = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    System.out.println("scale check: " + (System.nanoTime() - start) / 1_000_000 + " ms\n" + output);
    assertEquals(0, process.exitValue(), output);
    assertFalse(output.contains("OutOfMemoryError"), output);
    assertTrue(output.contains("STATUS FAILED") && output.contains("outgrew the memory budget"), output);
  }
}
