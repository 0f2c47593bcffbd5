package io.sluice.catalog.registry;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.IndexDefinition;
import io.sluice.catalog.NameMatcher;
import io.sluice.catalog.Names;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.TableKind;
import io.sluice.catalog.connector.StreamSink;
import io.sluice.catalog.connector.StreamSource;
import io.sluice.catalog.connector.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The names a session knows: tables, views, sources and sinks, each with its definition and,
 * for tables, the opened {@link Table}; and the tables' indexes. Names are matched without regard to case. Thread-safe.
 */
public final class Catalog {

  /**
   * A catalog name with what it stands for: a table (bounded data), a stream source, or a sink;
   * views have none of the three.
   */
  public record Entry(TableDefinition definition, Table table, StreamSource source, StreamSink sink) {
    public Entry(TableDefinition definition, Table table) {
      this(definition, table, null, null);
    }

    public String name() {
      return definition.name();
    }

    public TableKind kind() {
      return definition.kind();
    }
  }

  private final Map<String, Entry> entries = new TreeMap<>();
  private final Map<String, IndexDefinition> indexes = new TreeMap<>();
  /** Bumped on every change, so cached plans can tell they are stale. */
  private long version;

  /**
   * Adds the entry, or replaces one of its name when {@code replace}; otherwise a name that is
   * taken is an error, so two sessions creating one name at once cannot both succeed.
   */
  public synchronized void register(Entry entry, boolean replace) {
    Names.check(entry.definition());
    String key = key(entry.name());
    if (!replace && entries.containsKey(key)) {
      Entry existing = entries.get(key);
      throw new SluiceException(ErrorCode.OBJECT_EXISTS,
          existing.kind().label().charAt(0) + existing.kind().label().substring(1).toLowerCase(Locale.ROOT)
              + " '" + existing.name() + "' already exists");
    }
    entries.put(key, entry);
    version++;
  }

  /** The entry, or null. */
  public synchronized Entry find(String name) {
    return entries.get(key(name));
  }

  /** The entry; an error with a "did you mean" hint if there is none. */
  public synchronized Entry get(String name) {
    Entry e = find(name);
    if (e == null) {
      throw new SluiceException(ErrorCode.UNKNOWN_TABLE,
          "Table '" + name + "' not found." + NameMatcher.hint(name, names()));
    }
    return e;
  }

  /** Removes the entry and its table's indexes; returns whether there was one. */
  public synchronized boolean remove(String name) {
    boolean removed = entries.remove(key(name)) != null;
    if (removed) {
      indexes.values().removeIf(index -> key(index.table()).equals(key(name)));
      version++;
    }
    return removed;
  }

  /** Records an index; its name must be free among indexes (they have a namespace of their own). */
  public synchronized void addIndex(IndexDefinition index) {
    if (indexes.containsKey(key(index.name()))) {
      throw new SluiceException(ErrorCode.OBJECT_EXISTS, "Index '" + index.name() + "' already exists");
    }
    indexes.put(key(index.name()), index);
    version++;
  }

  /** The index of that name, or null. */
  public synchronized IndexDefinition findIndex(String name) {
    return indexes.get(key(name));
  }

  /** Removes the index; returns whether there was one. */
  public synchronized boolean removeIndex(String name) {
    boolean removed = indexes.remove(key(name)) != null;
    if (removed) {
      version++;
    }
    return removed;
  }

  /** The indexes of a table, by name. */
  public synchronized List<IndexDefinition> indexesOf(String table) {
    List<IndexDefinition> found = new ArrayList<>();
    for (IndexDefinition index : indexes.values()) {
      if (key(index.table()).equals(key(table))) {
        found.add(index);
      }
    }
    return found;
  }

  /** All indexes, by name. */
  public synchronized List<IndexDefinition> indexes() {
    return new ArrayList<>(indexes.values());
  }

  public synchronized List<Entry> entries() {
    return new ArrayList<>(entries.values());
  }

  public synchronized List<String> names() {
    List<String> names = new ArrayList<>();
    for (Entry e : entries.values()) {
      names.add(e.name());
    }
    return names;
  }

  public synchronized long version() {
    return version;
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
