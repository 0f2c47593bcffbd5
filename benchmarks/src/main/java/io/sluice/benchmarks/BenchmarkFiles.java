package io.sluice.benchmarks;

import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.TableKind;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.connector.Table;
import io.sluice.catalog.connector.WritableTable;
import io.sluice.catalog.data.Batch;
import io.sluice.engine.connector.files.FilesConnectorFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * File tables that scan benchmarks write with Sluice's own writers before they measure, and the
 * clean-up after them.
 */
final class BenchmarkFiles {
  /** Sets the columns of row {@code index} of {@code batch} to the values of row {@code row}. */
  @FunctionalInterface
  interface RowFiller {
    void fill(Batch batch, int index, long row);
  }

  private BenchmarkFiles() {}

  /** A {@code files} table of {@code format} in {@code folder/name}. */
  static Table create(Path folder, String name, TableSchema schema, String format) {
    TableDefinition definition = new TableDefinition(name, TableKind.TABLE, schema,
        Map.of("connector", "files", "format", format, "path", folder.resolve(name).toString()), null);
    return new FilesConnectorFactory().create(definition);
  }

  /** Writes {@code rows} rows made by {@code filler} into {@code table} and commits them. */
  static void fill(Table table, TableSchema schema, long rows, RowFiller filler) {
    Batch batch = Batch.allocate(schema.types(), Batch.DEFAULT_CAPACITY);
    try (WritableTable.Writer writer = ((WritableTable) table).openWriter()) {
      for (long done = 0; done < rows; ) {
        batch.reset();
        int n = (int) Math.min(Batch.DEFAULT_CAPACITY, rows - done);
        for (int i = 0; i < n; i++) {
          filler.fill(batch, i, done + i);
        }
        batch.size = n;
        writer.write(batch);
        done += n;
      }
      writer.commit();
    }
  }

  /** Deletes {@code folder} and everything in it; a missing folder is not an error. */
  static void deleteTree(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
