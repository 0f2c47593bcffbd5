package io.sluice.engine.connector.files;

import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.TableKind;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.connector.ScanRequest;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.DoubleVector;
import io.sluice.catalog.data.LongVector;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Measures CSV scan speed on one thread: 3 numeric and 2 short text columns. Not a unit test;
 * run by hand: {@code java ... CsvScanThroughput [rows] [folder]}.
 */
public final class CsvScanThroughput {
  private CsvScanThroughput() {}

  public static void main(String[] args) throws IOException {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 5_000_000;
    Path folder = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("csv-throughput");
    Path file = folder.resolve("data.csv");
    if (!Files.exists(file)) {
      Random random = new Random(1);
      try (BufferedWriter out = Files.newBufferedWriter(file)) {
        for (int i = 0; i < rows; i++) {
          out.write(Integer.toString(i));
          out.write(',');
          out.write(Integer.toString(random.nextInt(100_000) - 50_000));
          out.write(',');
          out.write(Integer.toString(random.nextInt(1_000_000)));
          out.write('.');
          out.write(Integer.toString(10 + random.nextInt(90)));
          out.write(",name");
          out.write(Integer.toString(random.nextInt(1000)));
          out.write(",\"c");
          out.write(Integer.toString(random.nextInt(50)));
          out.write("\"\n");
        }
      }
    }
    TableSchema schema = new TableSchema(List.of(new Column("id", DataType.of(TypeKind.BIGINT)),
        new Column("delta", DataType.of(TypeKind.INTEGER)), new Column("price", DataType.of(TypeKind.DOUBLE)),
        new Column("name", DataType.of(TypeKind.VARCHAR)), new Column("code", DataType.of(TypeKind.VARCHAR))));
    FilesTable table = new FilesConnectorFactory().create(new TableDefinition("bench", TableKind.TABLE, schema,
        Map.of("connector", "files", "path", file.toString(), "format", "csv"), null));
    long bytes = Files.size(file);
    double best = 0;
    for (int run = 0; run < 8; run++) {
      long[] checksum = new long[2];
      long start = System.nanoTime();
      table.scan(ScanRequest.all(5), batch -> {
        LongVector id = (LongVector) batch.columns[0];
        DoubleVector price = (DoubleVector) batch.columns[2];
        BytesVector name = (BytesVector) batch.columns[3];
        for (int i = 0; i < batch.size; i++) {
          checksum[0] += id.values[i] + (long) price.values[i] + name.length(i);
        }
        checksum[1] += batch.size;
      });
      double seconds = (System.nanoTime() - start) / 1e9;
      double rate = checksum[1] / seconds;
      best = Math.max(best, rate);
      System.out.printf("run %d: %,d rows in %.3f s = %,.0f rows/s, %.0f MB/s (checksum %d)%n", run, checksum[1],
          seconds, rate, bytes / seconds / 1e6, checksum[0]);
    }
    System.out.printf("best: %,.0f rows/s%n", best);
  }
}
