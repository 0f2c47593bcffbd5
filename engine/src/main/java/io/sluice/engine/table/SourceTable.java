package io.sluice.engine.table;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.Statistics;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.connector.ScanRequest;
import io.sluice.catalog.connector.StreamSource;
import io.sluice.catalog.connector.StreamTable;
import io.sluice.catalog.data.BatchConsumer;
import java.util.List;

/**
 * A stream source as the planner sees it: a table whose scan, in a continuous query, reads the
 * current micro-batch's range of the source.
 */
public final class SourceTable implements StreamTable {
  private final String name;
  private final StreamSource source;
  private final io.sluice.catalog.TableDefinition.Watermark watermark;
  private final List<String> primaryKey;

  public SourceTable(String name, StreamSource source, io.sluice.catalog.TableDefinition.Watermark watermark) {
    this(name, source, watermark, List.of());
  }

  /** A source with a declared (not enforced) primary key: the columns that identify a row of its changelog. */
  public SourceTable(String name, StreamSource source, io.sluice.catalog.TableDefinition.Watermark watermark,
      List<String> primaryKey) {
    this.name = name;
    this.source = source;
    this.watermark = watermark;
    this.primaryKey = List.copyOf(primaryKey);
  }

  @Override
  public String whyChangelog() {
    String format = source.changelogFormat();
    return format == null ? null : "Source '" + name + "' reads a changelog (format '" + format
        + "': its rows are updated and deleted)";
  }

  @Override
  public boolean changelogNeedsNormalize() {
    return source.changelogNeedsNormalize();
  }

  @Override
  public List<String> primaryKey() {
    return primaryKey;
  }

  @Override
  public io.sluice.catalog.TableDefinition.Watermark watermark() {
    return watermark;
  }

  @Override
  public String name() {
    return name;
  }

  public StreamSource source() {
    return source;
  }

  @Override
  public TableSchema schema() {
    return source.schema();
  }

  @Override
  public Statistics statistics() {
    return Statistics.UNKNOWN;
  }

  /** Reading a source outside a continuous query has no range to read. */
  @Override
  public void scan(ScanRequest request, BatchConsumer consumer) {
    throw new SluiceException(ErrorCode.UNSUPPORTED, "Source '" + name
        + "' is a stream: read it in a continuous query (INSERT INTO a sink, or SELECT)");
  }

  @Override
  public String describe() {
    return source.describe();
  }
}
