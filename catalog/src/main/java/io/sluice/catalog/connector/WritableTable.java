package io.sluice.catalog.connector;

import io.sluice.catalog.data.Batch;

/** A table that takes new rows: in-memory tables and file tables. */
public interface WritableTable extends Table {

  /** Starts a write; rows become visible when the writer commits. */
  Writer openWriter();

  /** Receives batches with all columns of the table in schema order. */
  interface Writer extends AutoCloseable {
    void write(Batch batch);

    /** Makes everything written visible at once. */
    void commit();

    /** Discards everything written; called on failure. */
    @Override
    void close();
  }
}
