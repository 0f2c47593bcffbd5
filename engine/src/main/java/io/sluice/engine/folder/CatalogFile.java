package io.sluice.engine.folder;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The catalog of a database folder, the folder's single commit point: the statements that rebuild
 * it (in the order they ran), the saved settings, the data files of each in-memory table, memory
 * source and memory sink, the last batch each memory sink committed, and the continuous queries
 * that were running, and the indexes (a primary key is part of its table's statement). A text file, one record a line, fields separated by tabs
 * (tabs, line breaks and backslashes escaped), headed by a format version and closed by the CRC-32
 * of everything before it. It is replaced whole by {@link AtomicWrite}, so every statement's
 * change is in it entirely or not at all.
 */
public final class CatalogFile {
  public static final String FILE = "catalog";
  static final String MAGIC = "sluice-database-catalog";
  /**
   * 2 added memory sources' and sinks' rows and the {@code sink} records; 3 the {@code index}
   * records. Older versions are read as before (they had no indexes to keep).
   */
  static final int VERSION = 3;

  /** A statement that rebuilds an object: CREATE TABLE, VIEW, SOURCE or SINK. */
  public record Definition(String name, String statement) {}

  /**
   * The rows of an in-memory table, memory source or memory sink: files of the folder's {@code data/} folder, read in order (an
   * INSERT adds a file with its rows; UPDATE, DELETE and every so many files rewrite them as one).
   */
  public record TableData(String name, List<String> files, long rows) {
    public TableData {
      files = List.copyOf(files);
    }
  }

  /**
   * What a memory sink needs besides its rows: the id of the last batch it committed (so the batch
   * its query runs again after a restart is not written twice) and its columns as a DDL column list
   * (a sink declared without columns takes its query's).
   */
  public record SinkMark(String name, long lastBatch, String columns) {}

  /** A continuous query that was running: its id, its INSERT statement and the session options it ran with. */
  public record Query(String id, String statement, Map<String, String> options) {}

  /**
   * What a catalog holds. {@code indexes} are CREATE INDEX statements, run after the tables have
   * their rows again (so an index is built once, over them).
   */
  public record Contents(long nextFile, Map<String, String> settings, List<Definition> definitions,
      List<TableData> data, List<SinkMark> sinks, List<Query> queries, List<Definition> indexes) {
    public static Contents empty() {
      return new Contents(1, Map.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }
  }

  private CatalogFile() {}

  /** Replaces the catalog of {@code folder} with {@code contents}, atomically. */
  public static void write(Path folder, Contents contents) throws IOException {
    StringBuilder sb = new StringBuilder();
    line(sb, MAGIC, Integer.toString(VERSION));
    line(sb, "next-file", Long.toString(contents.nextFile()));
    for (Map.Entry<String, String> e : contents.settings().entrySet()) {
      line(sb, "setting", e.getKey(), e.getValue());
    }
    for (Definition d : contents.definitions()) {
      line(sb, "define", d.name(), d.statement());
    }
    for (TableData t : contents.data()) {
      List<String> fields = new ArrayList<>(List.of("data", t.name(), Long.toString(t.rows())));
      fields.addAll(t.files());
      line(sb, fields.toArray(new String[0]));
    }
    for (SinkMark m : contents.sinks()) {
      line(sb, "sink", m.name(), Long.toString(m.lastBatch()), m.columns());
    }
    for (Definition index : contents.indexes()) {
      line(sb, "index", index.name(), index.statement());
    }
    for (Query q : contents.queries()) {
      List<String> fields = new ArrayList<>(List.of("query", q.id(), q.statement()));
      for (Map.Entry<String, String> e : q.options().entrySet()) {
        fields.add(e.getKey());
        fields.add(e.getValue());
      }
      line(sb, fields.toArray(new String[0]));
    }
    byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
    CRC32 crc = new CRC32();
    crc.update(body);
    byte[] tail = ("checksum\t" + String.format("%08x", crc.getValue()) + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[body.length + tail.length];
    System.arraycopy(body, 0, all, 0, body.length);
    System.arraycopy(tail, 0, all, body.length, tail.length);
    AtomicWrite.write(folder.resolve(FILE), all);
  }

  /** The catalog of {@code folder}, or null when it has none yet; a damaged one is refused with its name. */
  public static Contents read(Path folder) {
    Path file = folder.resolve(FILE);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Cannot read database catalog " + file + ": " + e.getMessage(), e);
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    int last = text.lastIndexOf("checksum\t");
    if (last < 0 || !text.endsWith("\n") || (last > 0 && text.charAt(last - 1) != '\n')) {
      throw damaged(file, "it has no checksum line at its end (truncated?)");
    }
    String stored = text.substring(last + "checksum\t".length(), text.length() - 1);
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, text.substring(0, last).getBytes(StandardCharsets.UTF_8).length);
    if (!String.format("%08x", crc.getValue()).equals(stored)) {
      throw damaged(file, "its checksum does not match its content");
    }
    String[] lines = text.substring(0, last).split("\n", -1);
    List<String> header = fields(lines[0]);
    if (header.size() != 2 || !header.get(0).equals(MAGIC)) {
      throw damaged(file, "it does not start with '" + MAGIC + "'");
    }
    int version;
    try {
      version = Integer.parseInt(header.get(1));
    } catch (NumberFormatException e) {
      throw damaged(file, "its format version '" + header.get(1) + "' is not a number");
    }
    if (version > VERSION) {
      throw new SluiceException(ErrorCode.DATABASE_DAMAGED, "Database catalog " + file + " has format version "
          + version + ", written by a newer Sluice; this one reads version " + VERSION + " and below");
    }
    long nextFile = 1;
    Map<String, String> settings = new LinkedHashMap<>();
    List<Definition> definitions = new ArrayList<>();
    List<TableData> data = new ArrayList<>();
    List<SinkMark> sinks = new ArrayList<>();
    List<Query> queries = new ArrayList<>();
    List<Definition> indexes = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isEmpty()) {
        continue;
      }
      List<String> f = fields(lines[i]);
      String kind = f.get(0);
      try {
        switch (kind) {
          case "next-file":
            nextFile = Long.parseLong(f.get(1));
            break;
          case "setting":
            settings.put(f.get(1), f.get(2));
            break;
          case "define":
            definitions.add(new Definition(f.get(1), f.get(2)));
            break;
          case "index":
            indexes.add(new Definition(f.get(1), f.get(2)));
            break;
          case "data":
            if (f.size() < 4) {
              throw new IndexOutOfBoundsException();
            }
            data.add(new TableData(f.get(1), f.subList(3, f.size()), Long.parseLong(f.get(2))));
            break;
          case "sink":
            sinks.add(new SinkMark(f.get(1), Long.parseLong(f.get(2)), f.get(3)));
            break;
          case "query": {
            Map<String, String> options = new LinkedHashMap<>();
            for (int k = 3; k + 1 < f.size(); k += 2) {
              options.put(f.get(k), f.get(k + 1));
            }
            queries.add(new Query(f.get(1), f.get(2), options));
            break;
          }
          default:
            throw damaged(file, "line " + (i + 1) + " is a record of unknown kind '" + kind + "'");
        }
      } catch (IndexOutOfBoundsException | NumberFormatException e) {
        throw damaged(file, "line " + (i + 1) + " (" + kind + ") is malformed");
      }
    }
    return new Contents(nextFile, settings, definitions, data, sinks, queries, indexes);
  }

  static SluiceException damaged(Path file, String why) {
    return new SluiceException(ErrorCode.DATABASE_DAMAGED, "Database catalog " + file + " is damaged: " + why
        + ". It is not repaired: restore the folder from a copy");
  }

  private static void line(StringBuilder sb, String... fields) {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        sb.append('\t');
      }
      escape(sb, fields[i]);
    }
    sb.append('\n');
  }

  private static void escape(StringBuilder sb, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\':
          sb.append("\\\\");
          break;
        case '\t':
          sb.append("\\t");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        default:
          sb.append(c);
      }
    }
  }

  private static List<String> fields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\t') {
        fields.add(current.toString());
        current.setLength(0);
      } else if (c == '\\' && i + 1 < line.length()) {
        char n = line.charAt(++i);
        current.append(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n);
      } else {
        current.append(c);
      }
    }
    fields.add(current.toString());
    return fields;
  }
}
