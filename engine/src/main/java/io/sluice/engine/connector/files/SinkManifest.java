package io.sluice.engine.connector.files;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The commit log of a {@code files} sink: folder {@code _sluice_manifest} inside the sink's
 * folder holds one small file per committed batch, named by the batch id (20 digits, so that
 * names sort as numbers), listing the data files that batch made visible.
 *
 * <p>An entry is the single commit point of its batch: its data files are renamed into place
 * first, then the entry is written to a temporary name, flushed, renamed and the folder flushed.
 * A batch without an entry is not committed, whatever files of it exist. Readers that follow the
 * manifest therefore never see a half-written or uncommitted file.
 *
 * <p>Format, version 1: two lines of UTF-8. The first is a JSON object
 * {@code {"version":1,"batch":3,"attempt":0,"rows":12,"files":["part-..."]}}; the second is
 * {@code crc32:} and the CRC-32 of the first line's bytes in hex. An entry that does not parse,
 * fails its checksum or has a newer version is refused with a message naming the file.
 */
final class SinkManifest {
  /** The manifest's folder name inside a sink folder. */
  static final String FOLDER = "_sluice_manifest";
  static final int VERSION = 1;
  private static final String CHECKSUM_PREFIX = "crc32:";

  /** One committed batch. */
  record Entry(long batch, int attempt, long rows, List<String> files) {
    Entry {
      files = List.copyOf(files);
    }
  }

  private SinkManifest() {}

  static Path folder(Path sinkFolder) {
    return sinkFolder.resolve(FOLDER);
  }

  /** Whether {@code folder} is a sink's folder, whose files only the manifest makes visible. */
  static boolean exists(Path sinkFolder) {
    return Files.isDirectory(folder(sinkFolder));
  }

  static Path entryFile(Path sinkFolder, long batch) {
    return folder(sinkFolder).resolve(String.format("%020d", batch));
  }

  static boolean isCommitted(Path sinkFolder, long batch) {
    return Files.isRegularFile(entryFile(sinkFolder, batch));
  }

  /** Writes the entry as the commit point of its batch: temporary name, flush, rename, flush the folder. */
  static void write(Path sinkFolder, Entry entry) {
    Path target = entryFile(sinkFolder, entry.batch());
    Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
    try {
      Files.createDirectories(target.getParent());
      byte[] bytes = encode(entry);
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
          OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
        out.write(bytes);
        out.flush();
        channel.force(true);
      }
      try {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target);
      }
      syncFolder(target.getParent());
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException ignored) {
        // the write failed already; a leftover hidden file is ignored by readers
      }
      throw new SluiceException(ErrorCode.IO_ERROR, "Cannot write the manifest entry '" + target + "' of batch "
          + entry.batch() + ": " + e.getMessage(), e);
    }
  }

  /** Flushes a folder's entries (renames) to disk where the platform allows it. */
  static void syncFolder(Path folder) {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // not every platform can open a folder; the rename itself is still atomic
    }
  }

  static byte[] encode(Entry entry) {
    StringWriter json = new StringWriter();
    try (JsonGenerator generator = JsonScan.FACTORY.createGenerator(json)) {
      generator.writeStartObject();
      generator.writeNumberField("version", VERSION);
      generator.writeNumberField("batch", entry.batch());
      generator.writeNumberField("attempt", entry.attempt());
      generator.writeNumberField("rows", entry.rows());
      generator.writeArrayFieldStart("files");
      for (String file : entry.files()) {
        generator.writeString(file);
      }
      generator.writeEndArray();
      generator.writeEndObject();
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.INTERNAL_ERROR, "Cannot encode a manifest entry: " + e.getMessage(), e);
    }
    byte[] line = json.toString().getBytes(StandardCharsets.UTF_8);
    return (json + "\n" + CHECKSUM_PREFIX + crc32(line) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static String crc32(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return String.format("%08x", crc.getValue());
  }

  /** Reads and checks one entry. */
  static Entry read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw corrupt(file, "cannot be read (" + e.getMessage() + ")");
    }
    String[] lines = text.split("\n", -1);
    if (lines.length < 2 || !lines[1].startsWith(CHECKSUM_PREFIX)) {
      throw corrupt(file, "is truncated or not a manifest entry (no checksum line)");
    }
    byte[] line = lines[0].getBytes(StandardCharsets.UTF_8);
    if (!crc32(line).equals(lines[1].substring(CHECKSUM_PREFIX.length()).trim())) {
      throw corrupt(file, "fails its checksum");
    }
    long version = -1;
    long batch = -1;
    long attempt = -1;
    long rows = -1;
    List<String> files = null;
    try (JsonParser parser = JsonScan.FACTORY.createParser(line)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw corrupt(file, "does not hold a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "version": version = parser.getLongValue(); break;
          case "batch": batch = parser.getLongValue(); break;
          case "attempt": attempt = parser.getLongValue(); break;
          case "rows": rows = parser.getLongValue(); break;
          case "files":
            if (value != JsonToken.START_ARRAY) {
              throw corrupt(file, "has a 'files' field that is not a list");
            }
            files = new ArrayList<>();
            while (parser.nextToken() == JsonToken.VALUE_STRING) {
              files.add(parser.getText());
            }
            break;
          default:
            parser.skipChildren(); // fields added by later versions of the same format
        }
      }
    } catch (IOException e) {
      throw corrupt(file, "is not valid JSON (" + e.getMessage() + ")");
    }
    if (version > VERSION) {
      throw corrupt(file, "has format version " + version + ", newer than this build reads (" + VERSION + ")");
    }
    if (version < 1 || batch < 0 || attempt < 0 || files == null) {
      throw corrupt(file, "lacks one of the fields version, batch, attempt, files");
    }
    return new Entry(batch, (int) attempt, rows, files);
  }

  /** Every committed batch, in batch order; empty when there is no manifest. */
  static List<Entry> readAll(Path sinkFolder) {
    return readFrom(sinkFolder, 0);
  }

  /** The committed batches with an id of at least {@code firstBatch}, in batch order. */
  static List<Entry> readFrom(Path sinkFolder, long firstBatch) {
    Path folder = folder(sinkFolder);
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
      for (Path entry : stream) {
        String name = entry.getFileName().toString();
        if (name.length() == 20 && name.chars().allMatch(Character::isDigit) && Long.parseLong(name) >= firstBatch) {
          entries.add(entry);
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Cannot list the manifest '" + folder + "': " + e.getMessage(), e);
    }
    entries.sort(Comparator.comparing(p -> p.getFileName().toString()));
    List<Entry> result = new ArrayList<>(entries.size());
    for (Path entry : entries) {
      Entry read = read(entry);
      if (!entry.getFileName().toString().equals(String.format("%020d", read.batch()))) {
        throw corrupt(entry, "records batch " + read.batch() + ", not the batch its name says");
      }
      result.add(read);
    }
    return result;
  }

  private static SluiceException corrupt(Path file, String problem) {
    return new SluiceException(ErrorCode.IO_ERROR, "Manifest entry '" + file + "' " + problem
        + ". The sink's commit log is damaged; it is not repaired automatically.");
  }
}
