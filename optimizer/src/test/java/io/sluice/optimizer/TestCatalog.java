package io.sluice.optimizer;

import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.Statistics;
import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.TableKind;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.connector.ScanRequest;
import io.sluice.catalog.connector.Table;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.registry.Catalog;
import io.sluice.sqlparser.CalciteSql;
import io.sluice.sqlparser.SqlSpan;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.RelNode;

/**
 * The tables optimizer tests plan against. Only schemas and row counts matter: planning never
 * scans, and fixed row counts make join order and build sides deterministic.
 *
 * <ul>
 *   <li>customer(id BIGINT, name VARCHAR, city VARCHAR): 1,000 rows
 *   <li>sales(id BIGINT, date DATE, amount DECIMAL(10,2), product VARCHAR): 1,000,000 rows
 *   <li>product(name VARCHAR, category VARCHAR, price DECIMAL(10,2)): 100 rows
 *   <li>city(name VARCHAR, country VARCHAR): 10 rows
 *   <li>clicks(usr VARCHAR, page VARCHAR, ts TIMESTAMP(3)): 10,000 rows
 *   <li>fact(dim_key BIGINT 1..10,000, amount DECIMAL(10,2)): 1,000,000 rows
 *   <li>dim(key BIGINT 1..10,000, grp BIGINT 0..24): 10,000 rows
 *   <li>grp(key BIGINT 0..24, name VARCHAR): 25 rows
 *   <li>item(part BIGINT 1..20,000, supplier BIGINT 1..1,000, price DECIMAL(10,2), shipped DATE
 *       1970-01-01..1979-12-30, days 0..3,650): 600,000 rows
 *   <li>offer(part BIGINT 1..20,000, supplier BIGINT 1..1,000, cost DECIMAL(10,2)): 80,000 rows
 *   <li>piece(key BIGINT 1..20,000, name VARCHAR): 20,000 rows
 * </ul>
 * The last six carry each integer column's minimum and maximum, as a Parquet footer does (item,
 * offer and piece are TPC-H's lineitem, partsupp and part at a tenth: every item's pair of part and
 * supplier is one of the offers').
 */
final class TestCatalog {
  private TestCatalog() {}

  /** A table with a schema and statistics, and no data. */
  record StatisticsOnlyTable(TableSchema schema, Statistics statistics) implements Table {
    @Override
    public void scan(ScanRequest request, BatchConsumer consumer) {
      throw new UnsupportedOperationException("planning tests never scan");
    }
  }

  static Catalog create() {
    Catalog catalog = new Catalog();
    add(catalog, "customer", 1_000,
        new Column("id", DataType.of(TypeKind.BIGINT)),
        new Column("name", DataType.of(TypeKind.VARCHAR)),
        new Column("city", DataType.of(TypeKind.VARCHAR)));
    add(catalog, "sales", 1_000_000,
        new Column("id", DataType.of(TypeKind.BIGINT)),
        new Column("date", DataType.of(TypeKind.DATE)),
        new Column("amount", DataType.decimal(10, 2)),
        new Column("product", DataType.of(TypeKind.VARCHAR)));
    add(catalog, "product", 100,
        new Column("name", DataType.of(TypeKind.VARCHAR)),
        new Column("category", DataType.of(TypeKind.VARCHAR)),
        new Column("price", DataType.decimal(10, 2)));
    add(catalog, "city", 10,
        new Column("name", DataType.of(TypeKind.VARCHAR)),
        new Column("country", DataType.of(TypeKind.VARCHAR)));
    add(catalog, "clicks", 10_000,
        new Column("usr", DataType.of(TypeKind.VARCHAR)),
        new Column("page", DataType.of(TypeKind.VARCHAR)),
        new Column("ts", DataType.of(TypeKind.TIMESTAMP)));
    add(catalog, "fact", new Statistics(1_000_000, true, Map.of("dim_key", range(1, 10_000))),
        new Column("dim_key", DataType.of(TypeKind.BIGINT)),
        new Column("amount", DataType.decimal(10, 2)));
    add(catalog, "dim", new Statistics(10_000, true, Map.of("key", range(1, 10_000), "grp", range(0, 24))),
        new Column("key", DataType.of(TypeKind.BIGINT)),
        new Column("grp", DataType.of(TypeKind.BIGINT)));
    add(catalog, "grp", new Statistics(25, true, Map.of("key", range(0, 24))),
        new Column("key", DataType.of(TypeKind.BIGINT)),
        new Column("name", DataType.of(TypeKind.VARCHAR)));
    add(catalog, "item", new Statistics(600_000, true,
            Map.of("part", range(1, 20_000), "supplier", range(1, 1_000), "shipped", range(0, 3_650))),
        new Column("part", DataType.of(TypeKind.BIGINT)),
        new Column("supplier", DataType.of(TypeKind.BIGINT)),
        new Column("price", DataType.decimal(10, 2)),
        new Column("shipped", DataType.of(TypeKind.DATE)));
    add(catalog, "offer", new Statistics(80_000, true, Map.of("part", range(1, 20_000), "supplier", range(1, 1_000))),
        new Column("part", DataType.of(TypeKind.BIGINT)),
        new Column("supplier", DataType.of(TypeKind.BIGINT)),
        new Column("cost", DataType.decimal(10, 2)));
    add(catalog, "piece", new Statistics(20_000, true, Map.of("key", range(1, 20_000))),
        new Column("key", DataType.of(TypeKind.BIGINT)),
        new Column("name", DataType.of(TypeKind.VARCHAR)));
    return catalog;
  }

  private static void add(Catalog catalog, String name, double rows, Column... columns) {
    add(catalog, name, Statistics.exactRows(rows), columns);
  }

  private static void add(Catalog catalog, String name, Statistics statistics, Column... columns) {
    TableSchema schema = new TableSchema(List.of(columns));
    TableDefinition definition = new TableDefinition(name, TableKind.TABLE, schema, Map.of(), null);
    catalog.register(new Catalog.Entry(definition, new StatisticsOnlyTable(schema, statistics)), false);
  }

  private static Statistics.ColumnStatistics range(long min, long max) {
    return new Statistics.ColumnStatistics(min, max, 0);
  }

  /** A fresh planner (fresh cluster, so correlation ids start at $cor0 for every query). */
  static QueryPlanner planner() {
    QueryPlanner planner = new QueryPlanner(create());
    // the engine folds constants with its own generated code; these tests use Calcite's evaluator
    planner.setExecutor(org.apache.calcite.rex.RexUtil.EXECUTOR);
    return planner;
  }

  /** The analyzed logical plan of {@code sql}. */
  static RelNode analyze(QueryPlanner planner, String sql) {
    return planner.analyze(CalciteSql.parseQuery(new SqlSpan(sql, 1, 1, 0)), PositionMap.IDENTITY).plan();
  }
}
