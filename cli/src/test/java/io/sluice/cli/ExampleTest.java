package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.sqlparser.ScriptSplitter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ExampleTest {

  @Test
  void dataFilesAreBundled() throws IOException {
    for (String name : Example.DATA_FILES) {
      try (InputStream in = Example.class.getResourceAsStream(Example.RESOURCE_FOLDER + name)) {
        assertNotNull(in, name);
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(text.lines().count() > 50, name + " has a few hundred rows");
      }
    }
  }

  @Test
  void scriptPointsAtTheDataFolder() throws IOException {
    String script = Example.script(Path.of("/tmp/it's here"));
    assertFalse(script.contains(Example.DATA_PLACEHOLDER));
    assertTrue(script.contains("path = '/tmp/it''s here/sales.csv'"), "quotes in the path are doubled");
    assertTrue(script.contains("format = 'parquet'"));
    assertTrue(script.contains("EXPLAIN"));
    assertTrue(script.contains("OVER ("));
    assertEquals(14, ScriptSplitter.split(script).size());
  }
}
