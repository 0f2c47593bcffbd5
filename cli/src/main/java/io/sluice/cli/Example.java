package io.sluice.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The built-in tour behind {@code sluice example}: sample CSV files bundled in the jar are
 * copied to a temporary folder, and a script of DDL, queries, a Parquet write and an EXPLAIN
 * runs over them.
 */
final class Example {
  static final String RESOURCE_FOLDER = "/examples/";
  static final String SCRIPT = "example.sql";
  static final List<String> DATA_FILES = List.of("customers.csv", "sales.csv");
  /** Where the script says the data folder is; replaced by the temporary folder before running. */
  static final String DATA_PLACEHOLDER = "${DATA}";

  private Example() {}

  /** Copies the data, runs the script, removes the folder; returns whether every statement succeeded. */
  static boolean run(ScriptRunner runner, java.io.PrintStream out) throws IOException {
    Path folder = Files.createTempDirectory("sluice-example-");
    try {
      for (String name : DATA_FILES) {
        try (InputStream in = resource(name)) {
          Files.copy(in, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      String script = script(folder);
      out.println("-- Sample data copied to " + folder);
      out.println();
      return runner.run(script, SCRIPT, true, true);
    } finally {
      deleteRecursively(folder);
    }
  }

  /** The example script with the data folder filled in. */
  static String script(Path folder) throws IOException {
    String text;
    try (InputStream in = resource(SCRIPT)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    // Forward slashes work on every platform; a quote in the path must be doubled inside '...'.
    String path = folder.toAbsolutePath().toString().replace('\\', '/').replace("'", "''");
    return text.replace(DATA_PLACEHOLDER, path);
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = Example.class.getResourceAsStream(RESOURCE_FOLDER + name);
    if (in == null) {
      throw new IOException("example resource " + RESOURCE_FOLDER + name + " is missing from the jar");
    }
    return in;
  }

  private static void deleteRecursively(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // Leaving a temporary folder behind is not worth failing the example for.
    }
  }
}
