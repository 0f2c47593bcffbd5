package io.sluice.engine.statement;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TableSchema;
import io.sluice.engine.translate.PreparedPrograms;
import io.sluice.optimizer.physical.PhysicalNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.RelNode;

/**
 * A session's recent queries by text, catalog version and session options: their analysis
 * (parse, validation, conversion) and their physical plan (with its {@code ?} parameters kept),
 * so a query typed again, or prepared and run again, is neither analysed nor optimized again; its code was already cached by
 * fingerprint. A statement that changes the catalog bumps its version, so no entry made before
 * is found again; a changed option does the same through the key. Bounded: the least recently
 * used entry goes first. A session plans on one thread at a time, so the cache is not shared.
 */
final class QueryPlanCache {
  /** Entries kept per session. */
  static final int CAPACITY = 256;

  /**
   * What decides a plan besides the tables' contents. Its equals and hashCode are written out: a
   * record's generated ones are linked at their first call through {@code ObjectMethods}, which costs
   * a short command about 15 ms of its start-up.
   */
  record Key(String text, long catalogVersion, Map<String, String> options) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && catalogVersion == key.catalogVersion && text.equals(key.text)
          && options.equals(key.options);
    }

    @Override
    public int hashCode() {
      return (text.hashCode() * 31 + Long.hashCode(catalogVersion)) * 31 + options.hashCode();
    }
  }

  /**
   * A query's analysis, and its physical plan once it has run: for a query with parameters the
   * plan keeps them, unless it cannot ({@link #bindsEachRun}).
   */
  static final class Entry {
    final RelNode analyzed;
    final List<DataType> parameterTypes;
    final TableSchema schema;
    private PhysicalNode physical;
    /** The programs of {@link #physical}, compiled with its parameters left in. */
    final PreparedPrograms programs = new PreparedPrograms();
    private boolean bindsEachRun;

    Entry(RelNode analyzed, List<DataType> parameterTypes, TableSchema schema) {
      this.analyzed = analyzed;
      this.parameterTypes = parameterTypes;
      this.schema = schema;
    }

    PhysicalNode physical() {
      return physical;
    }

    /** Sets the physical plan (the programs were compiled for it, if any). */
    void physical(PhysicalNode plan) {
      physical = plan;
    }

    /** Whether each run binds the values of the parameters into the logical plan and optimizes it. */
    boolean bindsEachRun() {
      return bindsEachRun;
    }

    void bindEachRun() {
      bindsEachRun = true;
    }
  }

  private final Map<Key, Entry> entries = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
      return size() > CAPACITY;
    }
  };
  private long hits;

  Entry find(Key key) {
    Entry entry = entries.get(key);
    if (entry != null) {
      hits++;
    }
    return entry;
  }

  void put(Key key, Entry entry) {
    entries.put(key, entry);
  }

  /** Lookups that found their entry, for tests. */
  long hits() {
    return hits;
  }

  int size() {
    return entries.size();
  }
}
