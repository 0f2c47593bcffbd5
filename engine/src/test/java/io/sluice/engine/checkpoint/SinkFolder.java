package io.sluice.engine.checkpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a {@code files} sink's folder as {@link CrashTest} checks it, independently of the
 * engine's reader: the rows of the data files its manifest lists ({@code _sluice_manifest/N},
 * one entry per committed batch), and the data files no entry lists, which a reader listing
 * the folder would see besides.
 */
final class SinkFolder {
  private static final Pattern FILES = Pattern.compile("\"files\":\\[([^\\]]*)\\]");
  private static final Pattern BATCH = Pattern.compile("\"batch\":(\\d+)");

  private final Path folder;
  /** Manifest entries by batch: the files each made visible. */
  private final TreeMap<Long, List<String>> entries = new TreeMap<>();

  private SinkFolder(Path folder) {
    this.folder = folder;
  }

  static SinkFolder read(Path folder) throws IOException {
    SinkFolder sink = new SinkFolder(folder);
    Path manifest = folder.resolve("_sluice_manifest");
    if (!Files.isDirectory(manifest)) {
      return sink;
    }
    try (Stream<Path> names = Files.list(manifest)) {
      for (Path entry : names.toList()) {
        String name = entry.getFileName().toString();
        if (!name.matches("\\d{20}")) {
          continue; // a temporary name of an entry being written
        }
        String json = Files.readString(entry, StandardCharsets.UTF_8).split("\n", 2)[0];
        Matcher batch = BATCH.matcher(json);
        Matcher files = FILES.matcher(json);
        if (!batch.find() || !files.find() || Long.parseLong(batch.group(1)) != Long.parseLong(name)) {
          throw new IllegalStateException("manifest entry " + entry + " is not as documented: " + json);
        }
        List<String> listed = new ArrayList<>();
        for (String quoted : files.group(1).split(",")) {
          if (!quoted.isBlank()) {
            listed.add(quoted.trim().replace("\"", ""));
          }
        }
        sink.entries.put(Long.parseLong(name), listed);
      }
    }
    return sink;
  }

  /** The last committed batch, or -1. */
  long lastBatch() {
    return entries.isEmpty() ? -1 : entries.lastKey();
  }

  /** Batches committed. */
  int batches() {
    return entries.size();
  }

  /** The lines of every committed file, in batch order. */
  List<String> lines() throws IOException {
    List<String> lines = new ArrayList<>();
    for (List<String> files : entries.values()) {
      for (String file : files) {
        for (String line : Files.readAllLines(folder.resolve(file), StandardCharsets.UTF_8)) {
          if (!line.isEmpty()) {
            lines.add(line);
          }
        }
      }
    }
    return lines;
  }

  /** Data files in the folder (hidden temporary ones included) that no manifest entry lists. */
  List<String> unlisted() throws IOException {
    TreeSet<String> listed = new TreeSet<>();
    entries.values().forEach(listed::addAll);
    List<String> result = new ArrayList<>();
    try (Stream<Path> names = Files.list(folder)) {
      for (Path file : names.toList()) {
        String name = file.getFileName().toString();
        if (Files.isRegularFile(file) && !listed.contains(name)) {
          result.add(name);
        }
      }
    }
    return result;
  }
}
