package io.sluice.catalog.connector;

import io.sluice.catalog.Statistics;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.data.BatchConsumer;
import java.util.List;

/** Bounded data behind a catalog name: what the engine scans and the planner costs. */
public interface Table {
  TableSchema schema();

  /** Statistics for planning; cheap to call (computed once or kept up to date). */
  Statistics statistics();

  /**
   * Pushes the requested columns of every row, batch by batch, to {@code consumer}. Batches
   * have the columns of {@code request} in its order.
   */
  void scan(ScanRequest request, BatchConsumer consumer);

  /**
   * The rows of {@link #scan} cut into splits (files, row groups) that may be read at once on
   * several threads, about {@code parallelism} or more; read in order they give the rows
   * {@link #scan} gives. Empty when the table cannot cut its rows (then it is scanned whole, on
   * one thread), as by default.
   */
  default List<ScanSplit> splits(ScanRequest request, int parallelism) {
    return List.of();
  }

  /**
   * A value that changes when the table's rows change (compared with {@code equals}), so that a
   * continuous query joining a stream with the table can look rows up in its latest contents;
   * null when the table cannot tell, and is then read once per query.
   */
  default Object version() {
    return null;
  }

  /**
   * The name of an index whose first column is {@code column} (a table column number), through
   * which {@link #scan} reads only the rows an equality predicate on that column may match, or
   * null when there is none, as by default. The planner names it in EXPLAIN.
   */
  default String indexOn(int column) {
    return null;
  }

  /** A short description for EXPLAIN, e.g. the format and path. */
  default String describe() {
    return getClass().getSimpleName();
  }
}
