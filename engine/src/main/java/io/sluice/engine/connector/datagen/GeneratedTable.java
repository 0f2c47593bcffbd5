package io.sluice.engine.connector.datagen;

import io.sluice.catalog.Statistics;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.connector.ScanRequest;
import io.sluice.catalog.connector.StreamSource;
import io.sluice.catalog.connector.Table;
import io.sluice.catalog.data.BatchConsumer;

/** A finite generator read as a bounded table: everything from its initial offset to its last. */
public final class GeneratedTable implements Table {
  private final StreamSource source;
  private final long endOffset;
  private final long rows;

  /**
   * @param endOffset the offset after the last row
   * @param rows how many rows the table holds (for statistics)
   */
  public GeneratedTable(StreamSource source, long endOffset, long rows) {
    this.source = source;
    this.endOffset = endOffset;
    this.rows = rows;
  }

  @Override
  public TableSchema schema() {
    return source.schema();
  }

  @Override
  public Statistics statistics() {
    return Statistics.exactRows(rows);
  }

  @Override
  public void scan(ScanRequest request, BatchConsumer consumer) {
    source.read(source.initialOffset(), RowOffsets.format(endOffset), request, consumer);
  }

  @Override
  public String describe() {
    return source.describe();
  }
}
