package io.sluice.optimizer.stream;

import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.Statistics;
import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.TableKind;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.connector.ScanRequest;
import io.sluice.catalog.connector.StreamTable;
import io.sluice.catalog.connector.Table;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.registry.Catalog;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.optimizer.PositionMap;
import io.sluice.optimizer.QueryPlanner;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.sqlparser.CalciteSql;
import io.sluice.sqlparser.SqlSpan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans queries over the streams and tables of streaming-trait tests. Planning never reads.
 *
 * <ul>
 *   <li>bids(auction BIGINT, price BIGINT, ts TIMESTAMP(3)), watermark ts - 4 s
 *   <li>auctions(id BIGINT, seller BIGINT, ts TIMESTAMP(3), expires TIMESTAMP(3)), watermark ts
 *   <li>ticks(id BIGINT, ts TIMESTAMP(3)), no watermark
 *   <li>users(id BIGINT, name VARCHAR), a table of 100 rows
 *   <li>per_auction, a view: bids counted per auction with their latest ts (rows that change)
 * </ul>
 */
final class StreamPlans {
  private StreamPlans() {}

  /** A stream as the planner sees it: a schema and a watermark, never scanned here. */
  record TestStream(String name, TableSchema schema, TableDefinition.Watermark watermark) implements StreamTable {
    @Override
    public Statistics statistics() {
      return Statistics.UNKNOWN;
    }

    @Override
    public void scan(ScanRequest request, BatchConsumer consumer) {
      throw new UnsupportedOperationException("planning tests never scan");
    }
  }

  /** A table with rows counted and no data. */
  record TestTable(TableSchema schema) implements Table {
    @Override
    public Statistics statistics() {
      return Statistics.exactRows(100);
    }

    @Override
    public void scan(ScanRequest request, BatchConsumer consumer) {
      throw new UnsupportedOperationException("planning tests never scan");
    }
  }

  /** The physical plan of {@code sql}. */
  static PhysicalNode physical(String sql) {
    QueryPlanner planner = new QueryPlanner(catalog());
    planner.setExecutor(org.apache.calcite.rex.RexUtil.EXECUTOR);
    return planner.optimize(planner.analyze(CalciteSql.parseQuery(new SqlSpan(sql, 1, 1, 0)), PositionMap.IDENTITY)
        .plan(), Set.of()).physical();
  }

  /** The traits of {@code sql}'s plan run in {@code mode} (null: the mode its plan implies). */
  static StreamPlan derive(String sql, OutputMode mode) {
    return StreamTraitDerivation.derive(physical(sql), mode);
  }

  /** The nodes of the plan, parents before their inputs. */
  static List<PhysicalNode> nodes(PhysicalNode root) {
    List<PhysicalNode> all = new ArrayList<>();
    collect(root, all);
    return all;
  }

  private static void collect(PhysicalNode node, List<PhysicalNode> all) {
    all.add(node);
    for (PhysicalNode input : node.inputs()) {
      collect(input, all);
    }
  }

  /** The one decided operator of class {@code kind} in the plan. */
  static <T extends StreamOperator> T operator(StreamPlan plan, Class<T> kind) {
    T found = null;
    for (PhysicalNode node : nodes(plan.root())) {
      StreamOperator operator = plan.traits(node).operator();
      if (kind.isInstance(operator)) {
        if (found != null) {
          throw new AssertionError("two " + kind.getSimpleName() + " in\n" + plan.explain());
        }
        found = kind.cast(operator);
      }
    }
    if (found == null) {
      throw new AssertionError("no " + kind.getSimpleName() + " in\n" + plan.explain());
    }
    return found;
  }

  private static Catalog catalog() {
    Catalog catalog = new Catalog();
    stream(catalog, "bids", new TableDefinition.Watermark("ts", 4_000), column("auction", TypeKind.BIGINT),
        column("price", TypeKind.BIGINT), column("ts", TypeKind.TIMESTAMP));
    stream(catalog, "auctions", new TableDefinition.Watermark("ts", 0), column("id", TypeKind.BIGINT),
        column("seller", TypeKind.BIGINT), column("ts", TypeKind.TIMESTAMP), column("expires", TypeKind.TIMESTAMP));
    stream(catalog, "ticks", null, column("id", TypeKind.BIGINT), column("ts", TypeKind.TIMESTAMP));
    TableSchema users = new TableSchema(List.of(column("id", TypeKind.BIGINT), column("name", TypeKind.VARCHAR)));
    catalog.register(new Catalog.Entry(new TableDefinition("users", TableKind.TABLE, users, Map.of(), null),
        new TestTable(users)), false);
    TableSchema perAuction = new TableSchema(List.of(column("auction", TypeKind.BIGINT), column("n", TypeKind.BIGINT),
        column("ts", TypeKind.TIMESTAMP)));
    catalog.register(new Catalog.Entry(new TableDefinition("per_auction", TableKind.VIEW, perAuction, Map.of(),
        "SELECT auction, COUNT(*) AS n, MAX(ts) AS ts FROM bids GROUP BY auction"), null), false);
    return catalog;
  }

  private static void stream(Catalog catalog, String name, TableDefinition.Watermark watermark, Column... columns) {
    TableSchema schema = new TableSchema(List.of(columns));
    TableDefinition definition = new TableDefinition(name, TableKind.SOURCE, schema, Map.of(), null, watermark);
    catalog.register(new Catalog.Entry(definition, new TestStream(name, schema, watermark)), false);
  }

  private static Column column(String name, TypeKind type) {
    return new Column(name, DataType.of(type));
  }
}
