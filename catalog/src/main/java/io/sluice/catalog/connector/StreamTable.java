package io.sluice.catalog.connector;

import io.sluice.catalog.TableDefinition;
import java.util.List;

/**
 * A table that is a stream: what the planner needs to know of a source to decide a query's
 * streaming traits (that its scan never ends, and which column carries event time under which
 * watermark) without knowing how the engine reads it.
 */
public interface StreamTable extends Table {
  /** The source's name in the catalog. */
  String name();

  /** The declared event-time column and watermark delay, or null when the source declares none. */
  TableDefinition.Watermark watermark();

  /**
   * Why the source's rows change after they are read (it reads a changelog: rows are updated and
   * deleted), for the planner's messages; null when every row is final when read.
   */
  default String whyChangelog() {
    return null;
  }

  /**
   * Whether the scan keeps each primary key's current row to make the source's changes whole
   * (see {@link StreamSource#changelogNeedsNormalize}): state the planner shows and checks.
   */
  default boolean changelogNeedsNormalize() {
    return false;
  }

  /** The columns of the source's declared primary key (not enforced), in key order; empty when none is declared. */
  default List<String> primaryKey() {
    return List.of();
  }

  /** Index of the event-time column in the source's schema, or -1 when there is no watermark. */
  default int eventTimeColumn() {
    return watermark() == null ? -1 : schema().indexOf(watermark().column());
  }
}
