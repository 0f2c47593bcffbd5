package io.sluice.engine.checkpoint;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The command line of the child JVMs {@link CrashTest} (and the jdbc sink's crash test) starts a hundred times and more, made to
 * start fast: the C1 compiler only (the pipeline is small; C2 would spend the start-up's CPU
 * compiling) and a class-data sharing archive of the classes a run loads (Calcite, Janino and
 * Sluice: class loading is most of the start-up). The JVM archives classes only from jars, so
 * the class path's folders (the modules' compiled classes) are packed into jars first. Without
 * the archive (an older JVM, a class path it cannot take) children start all the same, slower.
 */
public final class ChildJvm {
  private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  private final String classPath;
  private final Path archive;

  private ChildJvm(String classPath, Path archive) {
    this.classPath = classPath;
    this.archive = archive;
  }

  /** A child JVM with this JVM's class path, its folders packed into jars under {@code folder}. */
  public static ChildJvm create(Path folder) throws IOException {
    Files.createDirectories(folder);
    List<String> entries = new ArrayList<>();
    int n = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (Files.isDirectory(path)) {
        Path jar = folder.resolve("classes-" + n++ + ".jar");
        pack(path, jar);
        entries.add(jar.toString());
      } else if (Files.exists(path)) {
        entries.add(entry);
      }
    }
    return new ChildJvm(String.join(File.pathSeparator, entries), folder.resolve("classes.jsa"));
  }

  private static void pack(Path folder, Path jar) throws IOException {
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
        Stream<Path> files = Files.walk(folder)) {
      for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(folder.relativize(p).toString().replace(File.separatorChar, '/')));
        Files.copy(p, out);
        out.closeEntry();
      }
    }
  }

  /**
   * The command that runs {@code mainClass}: the first one, while there is no archive yet,
   * writes it when the JVM exits; later ones read it.
   */
  public List<String> command(String mainClass, String... arguments) {
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+IgnoreUnrecognizedVMOptions",
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        Files.exists(archive) ? "-XX:SharedArchiveFile=" + archive : "-XX:ArchiveClassesAtExit=" + archive,
        "-cp", classPath));
    String parallelism = System.getProperty("sluice.parallelism");
    if (parallelism != null) {
      command.add("-Dsluice.parallelism=" + parallelism); // a run at another parallelism runs its children so too
    }
    command.add(mainClass);
    command.addAll(List.of(arguments));
    return command;
  }

  /** Whether children read a class-data sharing archive. */
  public boolean archived() {
    return Files.exists(archive);
  }
}
