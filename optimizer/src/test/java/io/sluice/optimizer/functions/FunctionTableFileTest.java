package io.sluice.optimizer.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/**
 * The compact form of the function declarations that start-up reads holds exactly what
 * {@code functions.json} declares: the one on the class path (written by the build) is compared
 * with the JSON file of the source tree, so a change to the JSON without a build fails here.
 */
class FunctionTableFileTest {

  @Test
  void theCompactFormOnTheClassPathHoldsWhatFunctionsJsonDeclares() throws Exception {
    FunctionRegistry declared;
    try (InputStream in = Files.newInputStream(sourceFile())) {
      declared = FunctionRegistry.parse(in);
    }
    FunctionRegistry running = FunctionRegistry.instance();
    assertEquals(declared.all(), running.all());
    assertEquals(declared.libraryOperators(), running.libraryOperators());
    assertTrue(running.all().size() > 100, "functions: " + running.all().size());
    assertTrue(running.all().stream().anyMatch(f -> f.declaration() != null), "no declared operator read");
  }

  @Test
  void writingAndReadingGivesTheSameFunctions() throws Exception {
    FunctionRegistry registry;
    try (InputStream in = FunctionRegistry.class.getResourceAsStream(FunctionRegistry.RESOURCE)) {
      assertNotNull(in);
      registry = FunctionRegistry.parse(in);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    FunctionTableFile.write(registry, bytes);
    FunctionRegistry read = FunctionTableFile.read(new ByteArrayInputStream(bytes.toByteArray()));
    assertEquals(registry.all(), read.all());
    assertEquals(registry.libraryOperators(), read.libraryOperators());
  }

  @Test
  void aFileOfAnotherVersionOrWithTrailingBytesIsRefused() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    FunctionTableFile.write(FunctionRegistry.instance(), bytes);
    byte[] written = bytes.toByteArray();
    byte[] otherVersion = written.clone();
    otherVersion[3] = 99;
    IllegalStateException version = assertThrows(IllegalStateException.class,
        () -> FunctionTableFile.read(new ByteArrayInputStream(otherVersion)));
    assertTrue(version.getMessage().contains("version 99"), version.getMessage());
    byte[] longer = java.util.Arrays.copyOf(written, written.length + 1);
    IllegalStateException trailing = assertThrows(IllegalStateException.class,
        () -> FunctionTableFile.read(new ByteArrayInputStream(longer)));
    assertTrue(trailing.getMessage().contains("goes on after"), trailing.getMessage());
  }

  /** functions.json in the source tree, not the copy in the classes. */
  private static Path sourceFile() {
    String base = System.getProperty("basedir", System.getProperty("user.dir"));
    Path relative = Paths.get("src", "main", "resources", "io", "sluice", "optimizer", "functions",
        FunctionRegistry.RESOURCE);
    Path file = Paths.get(base).resolve(relative);
    return Files.exists(file) ? file : Paths.get(base, "optimizer").resolve(relative);
  }
}
