package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line with text in any script, and locked down with --no-external-access. */
class TrustedCommandLineTest {
  @TempDir
  Path folder;

  @Test
  void anyTextThroughDashC() {
    MainTest.Outcome o = MainTest.run("-c", "SELECT '€' AS euro, '日本' AS nihon, '😀' AS smile, UPPER('ça') AS up,"
        + " CHAR_LENGTH('😀👍🏽') AS n");
    assertEquals(0, o.status(), o.err());
    for (String expected : new String[] {"€", "日本", "😀", "ÇA", "euro"}) {
      assertTrue(o.out().contains(expected), o.out());
    }
    assertFalse(o.err().contains("Internal error"), o.err());
  }

  @Test
  void anyTextThroughAFileAndCsv() throws Exception {
    Path script = folder.resolve("t.sql");
    Files.writeString(script, "CREATE TABLE 名簿 (名前 VARCHAR) WITH (connector = 'files', path = '"
        + folder.resolve("out") + "', format = 'csv');\n"
        + "INSERT INTO 名簿 VALUES ('שלום'), ('😀');\nSELECT 名前 FROM 名簿 WHERE 名前 > 'z';\n", StandardCharsets.UTF_8);
    MainTest.Outcome o = MainTest.run("-f", script.toString());
    assertEquals(0, o.status(), o.err());
    assertTrue(o.out().contains("שלום") && o.out().contains("😀"), o.out());
    try (var files = Files.list(folder.resolve("out"))) {
      String csv = Files.readString(files.filter(p -> p.toString().endsWith(".csv")).findFirst().orElseThrow(),
          StandardCharsets.UTF_8);
      assertTrue(csv.contains("שלום") && csv.contains("😀"), csv);
    }
  }

  @Test
  void controlCharactersInNamesAreRefused() {
    MainTest.Outcome o = MainTest.run("-c", "CREATE TABLE \"a\nb\" (v INTEGER)");
    assertEquals(1, o.status());
    assertTrue(o.err().contains("control character U+000A"), o.err());
  }

  @Test
  void noExternalAccessKeepsSqlInsideTheAllowedFolders() throws Exception {
    Path allowed = Files.createDirectories(folder.resolve("allowed"));
    Files.writeString(folder.resolve("secret.csv"), "1\n");
    MainTest.Outcome refused = MainTest.run("--no-external-access", "--allowed-paths", allowed.toString(), "-c",
        "CREATE TABLE s (v INTEGER) WITH (connector = 'files', path = '" + folder.resolve("secret.csv")
            + "', format = 'csv')");
    assertEquals(1, refused.status());
    assertTrue(refused.err().contains("outside the folders of 'security.allowed-paths'"), refused.err());
    MainTest.Outcome undo = MainTest.run("--no-external-access", "-c", "SET 'security.external-access' = 'on'");
    assertEquals(1, undo.status());
    assertTrue(undo.err().contains("cannot be changed"), undo.err());
    MainTest.Outcome inside = MainTest.run("--no-external-access", "--allowed-paths", allowed.toString(), "-c",
        "CREATE TABLE t (v INTEGER) WITH (connector = 'files', path = '" + allowed.resolve("t")
            + "', format = 'csv'); INSERT INTO t VALUES (7); SELECT v FROM t");
    assertEquals(0, inside.status(), inside.err());
    assertTrue(inside.out().contains("7"), inside.out());
    assertEquals(2, MainTest.run("--allowed-paths").status());
  }
}
