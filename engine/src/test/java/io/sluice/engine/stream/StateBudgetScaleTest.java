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
 * error, not an OutOfMemoryError; with the disk state backend the same query completes. Prints how
 * long it took, the error or the figures (CPU time, peak heap, groups on disk). {@code
 * -Dsluice.budget.scale.rows=N} runs N rows instead of 100 M.
 */
@EnabledIfSystemProperty(named = "sluice.budget.scale", matches = "true")
class StateBudgetScaleTest {
  @TempDir
  Path temp;

  private static final String ROWS = System.getProperty("sluice.budget.scale.rows", "100000000");

  @Test
  void aHundredMillionKeysWithTwoGigabytesOfHeapStopAtTheBudget() throws Exception {
    String output = runChild("heap");
    assertFalse(output.contains("OutOfMemoryError"), output);
    assertTrue(output.contains("STATUS FAILED") && output.contains("outgrew the memory budget"), output);
  }

  @Test
  void aHundredMillionKeysWithTwoGigabytesOfHeapCompleteOnDisk() throws Exception {
    String output = runChild("disk");
    assertTrue(output.contains("STATUS STOPPED") || output.contains("STATUS FINISHED"), output);
    assertTrue(output.contains("STATE_ROWS " + ROWS), output);
  }

  private String runChild(String backend) throws Exception {
    List<String> command = new ArrayList<>();
    for (String part : ChildJvm.create(temp).command(StateBudgetChild.class.getName(), ROWS, "default",
        "none", backend, temp.toString())) {
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
    System.out.println("scale check (" + backend + "): " + (System.nanoTime() - start) / 1_000_000 + " ms\n" + output);
    assertEquals(0, process.exitValue(), output);
    return output;
  }
}
