package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/sluice}, the launcher, run by bash as a user runs it: from another folder, through a
 * symlink, in the C locale. It is copied into an installation of its own whose {@code java} is a
 * shell script that writes down what it was started with (arguments, folder, locale), so that
 * what the launcher decides is seen without starting a JVM.
 */
class LauncherScriptTest {
  private static final Path SCRIPT = Path.of("..", "bin", "sluice");

  @TempDir
  Path folder;
  private Path home;
  private Path javaHome;
  private Path record;

  @BeforeEach
  void install() throws IOException {
    home = Files.createDirectories(folder.resolve("opt").resolve("sluice"));
    Path bin = Files.createDirectories(home.resolve("bin"));
    Files.copy(SCRIPT, bin.resolve("sluice"));
    executable(bin.resolve("sluice"));
    Files.createDirectories(home.resolve("cli").resolve("target"));
    Files.writeString(home.resolve("cli").resolve("target").resolve("sluice.jar"), "not read by the fake java");
    javaHome = Files.createDirectories(folder.resolve("jdk"));
    record = folder.resolve("started.txt");
    Path java = Files.createDirectories(javaHome.resolve("bin")).resolve("java");
    Files.writeString(java, String.join("\n",
        "#!/bin/sh",
        "{ echo \"cwd=$(pwd -P)\"; echo \"LC_ALL=${LC_ALL-unset}\"; echo \"LC_CTYPE=${LC_CTYPE-unset}\";",
        "  for a in \"$@\"; do echo \"arg=$a\"; done; } > \"$SLUICE_TEST_RECORD\"",
        ""));
    executable(java);
  }

  @Test
  void findsItsJarThroughASymlinkFromAnotherFolderAndKeepsTheCallersFolder() throws Exception {
    Path link = folder.resolve("links").resolve("sluice");
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, Path.of("..", "opt", "sluice", "bin", "sluice"));
    Path work = Files.createDirectories(folder.resolve("work"));
    Started started = start(work, Map.of("LANG", "C.UTF-8"), link.toString(), "-c", "SELECT 1");
    assertEquals(work.toRealPath().toString(), started.value("cwd"), "the JVM starts in the caller's folder");
    List<String> args = started.values("arg");
    int classPath = args.indexOf("-cp");
    assertTrue(classPath >= 0, args.toString());
    assertEquals(home.toRealPath().resolve("cli/target/sluice.jar").toString(), args.get(classPath + 1),
        "the jar by its physical path, the one its class-data archive was written with");
    assertEquals(List.of("io.sluice.cli.Main", "-c", "SELECT 1"), args.subList(classPath + 2, args.size()));
  }

  @Test
  void runsFromItsOwnFolderByABarePath() throws Exception {
    Started started = start(home.resolve("bin"), Map.of("LANG", "C.UTF-8"), "bash", "sluice", "--version");
    assertEquals(home.resolve("bin").toRealPath().toString(), started.value("cwd"));
    assertTrue(started.values("arg").contains(home.toRealPath().resolve("cli/target/sluice.jar").toString()),
        started.values("arg").toString());
  }

  @Test
  void aLocaleWithoutUtf8GetsUtf8TextAndAUtf8LocaleIsLeftAlone() throws Exception {
    Path script = home.resolve("bin").resolve("sluice");
    Started c = start(folder, Map.of("LANG", "C"), script.toString(), "-c", "SELECT '€'");
    assertEquals("C.UTF-8", c.value("LC_CTYPE"));
    assertEquals("unset", c.value("LC_ALL"));
    Started none = start(folder, Map.of(), script.toString(), "-c", "SELECT '€'");
    assertEquals("C.UTF-8", none.value("LC_CTYPE"), "no locale variable is the C locale");
    Started all = start(folder, Map.of("LANG", "en_US.UTF-8", "LC_ALL", "POSIX"), script.toString(), "-c", "SELECT 1");
    assertEquals("C.UTF-8", all.value("LC_ALL"), "LC_ALL decides over LANG, so it is the one changed");
    Started utf8 = start(folder, Map.of("LANG", "de_DE.utf8"), script.toString(), "-c", "SELECT 1");
    assertEquals("unset", utf8.value("LC_CTYPE"));
    assertEquals("unset", utf8.value("LC_ALL"));
  }

  @Test
  void shortCommandsAskForHugePagesOnlyWhereTheKernelOffersThem() throws Exception {
    Path script = home.resolve("bin").resolve("sluice");
    Path setting = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
    String offered = Files.isReadable(setting) ? Files.readString(setting) : "";
    boolean expected = offered.contains("[always]") || offered.contains("[madvise]");
    List<String> shortCommand = start(folder, Map.of("LANG", "C.UTF-8"), script.toString(), "-c", "SELECT 1").values("arg");
    assertEquals(expected, shortCommand.contains("-XX:+UseTransparentHugePages"), offered + shortCommand);
    assertTrue(shortCommand.contains("-XX:+UseSerialGC"), shortCommand.toString());
    List<String> pipeline = start(folder, Map.of("LANG", "C.UTF-8"), script.toString(), "run", "p.sql").values("arg");
    assertFalse(pipeline.contains("-XX:+UseTransparentHugePages"), pipeline.toString());
    assertFalse(pipeline.contains("-XX:+UseSerialGC"), "pipelines keep the JVM's defaults: " + pipeline);
  }

  private record Started(List<String> lines) {
    String value(String key) {
      List<String> values = values(key);
      assertEquals(1, values.size(), key + " in " + lines);
      return values.get(0);
    }

    List<String> values(String key) {
      return lines.stream().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1)).toList();
    }
  }

  private Started start(Path cwd, Map<String, String> locale, String... command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANG") || k.startsWith("SLUICE_")
        || k.equals("JAVA_OPTS"));
    environment.putAll(locale);
    environment.put("JAVA_HOME", javaHome.toString());
    environment.put("SLUICE_TEST_RECORD", record.toString());
    Files.deleteIfExists(record);
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the launcher did not end");
    assertEquals(0, process.exitValue(), output);
    assertTrue(Files.exists(record), "java was not started: " + output);
    return new Started(Files.readAllLines(record, StandardCharsets.UTF_8));
  }

  private static void executable(Path file) throws IOException {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
