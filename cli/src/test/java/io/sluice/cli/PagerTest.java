package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which pager the shell takes from the environment, as psql does, and that one really runs. */
class PagerTest {
  @TempDir
  Path dir;

  @Test
  void pagerFromTheEnvironmentElseLessOnThePathElseNone() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path less = Files.writeString(bin.resolve("less"), "#!/bin/sh\ncat\n");
    Files.setPosixFilePermissions(less, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertEquals("less -SFRX", Pager.fromEnvironment(Map.of("PATH", dir + ":" + bin)).command());
    assertEquals("more -d", Pager.fromEnvironment(Map.of("PAGER", " more -d ", "PATH", bin.toString())).command());
    assertNull(Pager.fromEnvironment(Map.of("PAGER", "", "PATH", bin.toString())), "an empty PAGER means none");
    assertNull(Pager.fromEnvironment(Map.of("PATH", dir.toString())), "no PAGER and no less: none");
    assertNull(Pager.fromEnvironment(Map.of()));
  }

  @Test
  void onlyTextTallerThanTheTerminalNeedsIt() {
    assertFalse(Pager.needed(10, 30));
    assertFalse(Pager.needed(28, 30));
    assertTrue(Pager.needed(29, 30), "the row count and the prompt take the last two rows");
    assertFalse(Pager.needed(1_000, 0), "no height known: no pager");
  }

  @Test
  void theTextGoesToThePagersInputAndAMissingProgramIsReported() throws Exception {
    Path out = dir.resolve("paged.txt");
    Pager writing = Pager.fromEnvironment(Map.of("PAGER", "cat > '" + out + "'"));
    assertTrue(writing.show("a\nb\n", StandardCharsets.UTF_8));
    assertEquals("a\nb\n", Files.readString(out));
    Pager missing = Pager.fromEnvironment(Map.of("PAGER", "no-such-pager-here 2>/dev/null"));
    assertFalse(missing.show("text", StandardCharsets.UTF_8), "the caller then prints the text itself");
  }
}
