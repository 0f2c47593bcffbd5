package io.sluice.engine.connector.files;

import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.connector.ConnectorFactory;
import io.sluice.catalog.connector.StreamSink;
import io.sluice.catalog.connector.StreamSource;

/**
 * The {@code files} connector: tables over a file or a folder of CSV, JSON lines or Parquet
 * files, chosen by option {@code format} (see {@link FilesTable}); a watched folder as a stream
 * source (see {@link FilesStreamSource}); and a folder of per-batch files with a commit
 * manifest as a sink (see {@link FilesStreamSink}).
 */
public final class FilesConnectorFactory implements ConnectorFactory {
  /** The value of the {@code connector} option. */
  public static final String NAME = "files";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public FilesTable create(TableDefinition definition) {
    return FilesTable.open(definition);
  }

  @Override
  public StreamSource createSource(TableDefinition definition) {
    return FilesStreamSource.open(definition);
  }

  @Override
  public StreamSink createSink(TableDefinition definition) {
    return FilesStreamSink.open(definition);
  }
}
