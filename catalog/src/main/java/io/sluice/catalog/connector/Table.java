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
   * How {@link #scan} would read the rows matching {@code predicates} through an index: the best
   * index for them, whether it is chosen (selective enough) and why; null when no index serves
   * them, as by default. A predicate whose value comes only when the query runs (a {@code ?}
   * parameter) has the value {@link ColumnPredicate#PARAMETER}. The planner names it in EXPLAIN.
   */
  default IndexAccess indexAccess(List<ColumnPredicate> predicates) {
    return null;
  }

  /**
   * Pushes the rows whose column {@code column} equals one of {@code values} (distinct, in the
   * forms of {@link ColumnPredicate#value()}: Long or String), with the columns {@code columns},
   * reading them through an index that looks the column up by equality, in the table's order;
   * false (and nothing pushed) when no index does, as by default. An index lookup join reads the
   * rows of the keys of its other side so.
   */
  default boolean lookUp(int column, List<Object> values, int[] columns, BatchConsumer consumer) {
    return false;
  }

  /** A short description for EXPLAIN, e.g. the format and path. */
  default String describe() {
    return getClass().getSimpleName();
  }
}
