package io.sluice.engine.connector.files;

import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.connector.ConnectorFactory;

/**
 * The {@code files} connector: tables over a file or a folder of CSV, JSON lines or Parquet
 * files, chosen by option {@code format}. See {@link FilesTable}.
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
}
