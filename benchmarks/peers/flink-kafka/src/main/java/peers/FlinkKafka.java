package peers;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;

/**
 * Flink SQL's Kafka connector (local mode: a MiniCluster in this JVM) reading the Nexmark bid
 * topic that Sluice's KafkaHarness loaded, bounded at the topic's end offsets, into a blackhole:
 * {@code filter} ({@code WHERE MOD(auction, 123) = 0}) and {@code tumble} ({@code COUNT(*)} per
 * auction per 10 s TUMBLE). Prints input rows per CPU-second of this process from job submission
 * to its end (as the Nexmark peer harness measures Flink), warm-up runs first.
 *
 * <pre>
 * java -cp target/classes:target/lib/* peers.FlinkKafka --bootstrap localhost:9092 --topic bids \
 *   --rows 1840000 --query filter,tumble --repeat 3 --warmup 1 --parallelism 2
 * </pre>
 */
public final class FlinkKafka {
  private static final Map<String, String[]> QUERIES = new LinkedHashMap<>();

  static {
    // {sink columns, INSERT body}
    QUERIES.put("filter", new String[] {"auction BIGINT, bidder BIGINT, price BIGINT, `dateTime` TIMESTAMP(3)",
        "SELECT auction, bidder, price, `dateTime` FROM bid WHERE MOD(auction, 123) = 0"});
    QUERIES.put("tumble", new String[] {"auction BIGINT, window_start TIMESTAMP(3), bids BIGINT",
        "SELECT auction, window_start, COUNT(*) AS bids FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(`dateTime`),"
            + " INTERVAL '10' SECOND)) GROUP BY auction, window_start, window_end"});
  }

  private FlinkKafka() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("bootstrap", "localhost:9092");
    o.put("topic", "bids");
    o.put("rows", "0");
    o.put("query", "filter,tumble");
    o.put("repeat", "3");
    o.put("warmup", "1");
    o.put("parallelism", "2");
    for (int i = 0; i + 1 < args.length; i += 2) {
      o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    long rows = Long.parseLong(o.get("rows"));
    int runs = 0;
    for (String query : o.get("query").split(",")) {
      String[] q = QUERIES.get(query);
      if (q == null) {
        throw new IllegalArgumentException("Unknown query '" + query + "': " + QUERIES.keySet());
      }
      List<Double> rates = new ArrayList<>();
      for (int r = -Integer.parseInt(o.get("warmup")); r < Integer.parseInt(o.get("repeat")); r++) {
        Configuration conf = new Configuration();
        conf.setString("parallelism.default", o.get("parallelism"));
        conf.setString("rest.bind-port", "0");
        conf.setString("taskmanager.memory.managed.size", "256m");
        TableEnvironment tables = TableEnvironment.create(
            EnvironmentSettings.newInstance().inStreamingMode().withConfiguration(conf).build());
        tables.executeSql("CREATE TABLE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR,"
            + " url VARCHAR, `dateTime` TIMESTAMP(3), extra VARCHAR,"
            + " WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND) WITH ("
            + "'connector' = 'kafka', 'topic' = '" + o.get("topic") + "',"
            + " 'properties.bootstrap.servers' = '" + o.get("bootstrap") + "',"
            + " 'properties.group.id' = 'flink-bench-" + runs++ + "',"
            + " 'properties.isolation.level' = 'read_committed',"
            + " 'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset',"
            + " 'format' = 'json')");
        tables.executeSql("CREATE TABLE sink (" + q[0] + ") WITH ('connector' = 'blackhole')");
        TableResult result = tables.executeSql("INSERT INTO sink " + q[1]);
        double cpu0 = processCpuSeconds();
        long wall0 = System.nanoTime();
        result.getJobClient().get().getJobExecutionResult().get();
        double cpu = processCpuSeconds() - cpu0;
        double wall = (System.nanoTime() - wall0) / 1e9;
        if (r >= 0) {
          rates.add(rows / cpu);
        }
        System.out.printf("FLINK-KAFKA %s run=%d rows=%d cpu=%.2fs wall=%.2fs rows/cpu-s=%.0f%n", query, r, rows,
            cpu, wall, rows / cpu);
      }
      Collections.sort(rates);
      int n = rates.size();
      double median = n % 2 == 1 ? rates.get(n / 2) : (rates.get(n / 2 - 1) + rates.get(n / 2)) / 2;
      System.out.printf("FLINK-KAFKA-SUMMARY %s median=%.0f rows/cpu-s%n", query, median);
    }
    System.exit(0);
  }

  private static double processCpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() / 1e9;
  }
}
