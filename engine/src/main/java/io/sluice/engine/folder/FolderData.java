package io.sluice.engine.folder;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The rows a database folder keeps, by object name (in-memory tables, memory sources and memory
 * sinks alike): which {@code data/N.rows} files hold each one's rows, and which batches those
 * files were written from. Rows only added since the last write go to one new file after the
 * others; any other change, and every {@value #MAX_FILES_PER_OBJECT} files, rewrites them as one.
 * Data files are written before the catalog that names them, so the catalog stays the commit point.
 */
public final class FolderData {
  public static final String DATA = "data";
  /** Files of one object's rows before they are rewritten as one: bounds the files it is read from. */
  public static final int MAX_FILES_PER_OBJECT = 32;

  private final Path folder;
  private long nextFile;
  private final Map<String, CatalogFile.TableData> data = new LinkedHashMap<>();
  /** The batches each object's files were written from: the very objects, to tell an append from a rewrite. */
  private final Map<String, List<Batch>> written = new LinkedHashMap<>();

  public FolderData(Path folder, CatalogFile.Contents contents) {
    this.folder = folder;
    this.nextFile = contents.nextFile();
    for (CatalogFile.TableData t : contents.data()) {
      data.put(key(t.name()), t);
    }
  }

  /** The next data file number, saved in the catalog so numbers are never reused. */
  public long nextFile() {
    return nextFile;
  }

  /** The files of every object with rows, for the catalog. */
  public List<CatalogFile.TableData> files() {
    return new ArrayList<>(data.values());
  }

  /** The saved files of {@code name}, or null when it has no rows saved. */
  public CatalogFile.TableData get(String name) {
    return data.get(key(name));
  }

  /** The rows of {@code name} saved in the folder, read back as batches of {@code types}. */
  public List<Batch> read(String name, List<DataType> types) {
    List<Batch> batches = new ArrayList<>();
    CatalogFile.TableData saved = data.get(key(name));
    if (saved != null) {
      for (String file : saved.files()) {
        batches.addAll(TableDataFile.read(folder.resolve(file), types));
      }
    }
    return batches;
  }

  /** Notes that the saved files of {@code name} were written from {@code batches} (after a restore). */
  public void markWritten(String name, List<Batch> batches) {
    written.put(key(name), batches);
  }

  /**
   * Writes the rows of {@code name} if its batches are not those last written; returns whether the
   * catalog must change. Files no longer needed go to {@code obsolete}, to delete once the catalog
   * is replaced.
   */
  public boolean write(String name, List<DataType> types, List<Batch> batches, List<Path> obsolete)
      throws IOException {
    String key = key(name);
    List<Batch> before = written.get(key);
    if (before != null && before.size() == batches.size() && startsWith(batches, before)) {
      return false;
    }
    long rows = 0;
    for (Batch b : batches) {
      rows += b.size;
    }
    CatalogFile.TableData old = data.get(key);
    List<String> files = new ArrayList<>();
    List<Batch> toWrite = batches;
    if (rows > 0 && old != null && before != null && startsWith(batches, before)
        && old.files().size() < MAX_FILES_PER_OBJECT) {
      files.addAll(old.files()); // rows were only added: write the new ones after the others
      toWrite = batches.subList(before.size(), batches.size());
    } else if (old != null) {
      for (String file : old.files()) {
        obsolete.add(folder.resolve(file));
      }
    }
    if (rows > 0 && !toWrite.isEmpty()) {
      String file = DATA + "/" + (nextFile++) + ".rows";
      TableDataFile.write(folder.resolve(file), types, toWrite);
      files.add(file);
    }
    data.remove(key);
    if (rows > 0) {
      data.put(key, new CatalogFile.TableData(name, files, rows));
    }
    written.put(key, batches);
    return old != null || rows > 0;
  }

  /** Forgets the rows of every object not named in {@code live}; returns whether any had rows saved. */
  public boolean retainOnly(Set<String> live, List<Path> obsolete) {
    boolean changed = false;
    Collection<String> liveKeys = live.stream().map(FolderData::key).toList();
    for (String gone : new ArrayList<>(data.keySet())) {
      if (!liveKeys.contains(gone)) {
        for (String file : data.remove(gone).files()) {
          obsolete.add(folder.resolve(file));
        }
        changed = true;
      }
    }
    written.keySet().retainAll(liveKeys);
    return changed;
  }

  /** Whether {@code list} begins with the very objects of {@code prefix}. */
  private static boolean startsWith(List<?> list, List<?> prefix) {
    if (prefix.size() > list.size()) {
      return false;
    }
    for (int i = 0; i < prefix.size(); i++) {
      if (list.get(i) != prefix.get(i)) {
        return false;
      }
    }
    return true;
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
