package io.sluice.benchmarks;

import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchColumnType;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.StringJoiner;

/**
 * TPC-H data at a scale factor, made by Trino's port of dbgen ({@code io.trino.tpch}): each table
 * is written as a {@code |}-separated CSV file and then, through Sluice itself ({@code INSERT INTO}
 * a Parquet file table), as Parquet under {@code folder/parquet/<table>/}, the files both Sluice
 * and DuckDB read in {@link TpchBenchmark}. Money columns are DECIMAL(15,2), as the TPC-H
 * specification has them.
 */
final class TpchData {
  private TpchData() {}

  /** Makes the Parquet files under {@code folder} unless they are there already; returns their folder. */
  static Path ensure(Path folder, double scale) throws IOException, SQLException {
    Path parquet = folder.resolve("parquet");
    if (Files.exists(parquet.resolve("DONE"))) {
      return parquet;
    }
    BenchmarkFiles.deleteTree(folder);
    Path csv = Files.createDirectories(folder.resolve("csv"));
    try (Connection connection = DriverManager.getConnection("jdbc:sluice:");
        Statement statement = connection.createStatement()) {
      for (TpchTable<?> table : TpchTable.getTables()) {
        long start = System.nanoTime();
        Path file = csv.resolve(table.getTableName() + ".csv");
        long rows = writeCsv(table, scale, file);
        String name = table.getTableName();
        String columns = columnList(table);
        statement.execute("CREATE TABLE " + name + "_csv (" + columns + ") WITH (connector = 'files', path = '"
            + file + "', format = 'csv', delimiter = '|', header = 'false')");
        statement.execute("CREATE TABLE " + name + " (" + columns + ") WITH (connector = 'files', path = '"
            + parquet.resolve(name) + "', format = 'parquet')");
        statement.execute("INSERT INTO " + name + " SELECT * FROM " + name + "_csv");
        System.out.printf("%s: %d rows in %.1f s%n", name, rows, (System.nanoTime() - start) / 1e9);
      }
    }
    BenchmarkFiles.deleteTree(csv);
    Files.writeString(parquet.resolve("DONE"), "scale " + scale + "\n");
    return parquet;
  }

  /** The table's columns with their SQL types, for CREATE TABLE. */
  static String columnList(TpchTable<?> table) {
    StringJoiner columns = new StringJoiner(", ");
    for (TpchColumn<?> column : table.getColumns()) {
      columns.add(column.getColumnName() + " " + sqlType(column.getType()));
    }
    return columns.toString();
  }

  private static String sqlType(TpchColumnType type) {
    return switch (type.getBase()) {
      case IDENTIFIER -> "BIGINT";
      case INTEGER -> "INTEGER";
      case DATE -> "DATE";
      case DOUBLE -> "DECIMAL(15, 2)";
      case VARCHAR -> "VARCHAR";
    };
  }

  private static <E extends TpchEntity> long writeCsv(TpchTable<E> table, double scale, Path file) throws IOException {
    long rows = 0;
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (E row : table.createGenerator(scale, 1, 1)) {
        String line = row.toLine();
        // dbgen ends every line with the separator; one column too many for a CSV reader
        out.write(line, 0, line.endsWith("|") ? line.length() - 1 : line.length());
        out.write('\n');
        rows++;
      }
    }
    return rows;
  }
}
