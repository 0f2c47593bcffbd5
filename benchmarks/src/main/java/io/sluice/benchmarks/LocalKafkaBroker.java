package io.sluice.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A single-node KRaft broker (combined controller and broker, Kafka's own cluster test kit, as
 * the engine's Kafka tests start it) in a JVM of its own, so that the broker's CPU time is not
 * counted in the process being measured. {@link #start} runs this class's {@code main} as a child
 * process; the child prints its bootstrap address on its first line and stops when its standard
 * input closes (also when the harness dies).
 */
public final class LocalKafkaBroker implements AutoCloseable {
  private static final String READY = "BOOTSTRAP ";

  private final Process process;
  private final String bootstrapServers;

  private LocalKafkaBroker(Process process, String bootstrapServers) {
    this.process = process;
    this.bootstrapServers = bootstrapServers;
  }

  /** Starts a broker with its logs under {@code folder} in a child JVM on this JVM's class path. */
  public static LocalKafkaBroker start(Path folder) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(LocalKafkaBroker.class.getName());
    command.add(folder.toAbsolutePath().toString());
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith(READY)) {
        Thread drain = new Thread(() -> {
          try {
            while (out.readLine() != null) {
              // the child's output is not ours to print; read so that it never blocks on a full pipe
            }
          } catch (IOException e) {
            // the child ended
          }
        }, "kafka-broker-output");
        drain.setDaemon(true);
        drain.start();
        return new LocalKafkaBroker(process, line.substring(READY.length()).trim());
      }
    }
    process.destroyForcibly();
    throw new IOException("The Kafka broker's JVM ended before it was ready (exit status "
        + process.exitValue() + "); its errors are above");
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The broker's process, whose CPU time is not the harness's. */
  public ProcessHandle process() {
    return process.toHandle();
  }

  @Override
  public void close() throws InterruptedException {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // the child is gone already
    }
    if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  /** The child: {@code LocalKafkaBroker FOLDER}. */
  public static void main(String[] args) throws Exception {
    Path folder = Path.of(args[0]);
    Files.createDirectories(folder);
    TestKitNodes nodes = new TestKitNodes.Builder()
        .setCombined(true)
        .setNumBrokerNodes(1)
        .setNumControllerNodes(1)
        .setBaseDirectory(folder)
        .build();
    try (KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
        .setConfigProp("num.network.threads", "1")
        .setConfigProp("num.io.threads", "2")
        .setConfigProp("background.threads", "2")
        .setConfigProp("offsets.topic.replication.factor", "1")
        .setConfigProp("offsets.topic.num.partitions", "1")
        .setConfigProp("transaction.state.log.replication.factor", "1")
        .setConfigProp("transaction.state.log.min.isr", "1")
        .setConfigProp("transaction.state.log.num.partitions", "1")
        .setConfigProp("group.initial.rebalance.delay.ms", "0")
        .setConfigProp("log.retention.ms", "-1") // Nexmark's event times are in 2024: keep them
        .build()) {
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      System.out.println(READY + cluster.bootstrapServers());
      System.out.flush();
      while (System.in.read() >= 0) {
        // runs until the harness closes our input
      }
    }
  }
}
