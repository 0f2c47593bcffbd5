package io.sluice.cli;

import io.sluice.server.PgServer;
import io.sluice.server.ServerConfig;
import io.sluice.server.pgwire.PasswordFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code sluice serve}: the database over the PostgreSQL protocol until the process is stopped, and
 * {@code sluice serve --hash-password USER}, which prints a password file's line. A class of its own
 * so that {@link Main} loads the server's classes only for this command.
 */
final class ServeCommand {
  static final Set<String> OPTIONS = Set.of("--port", "--host", "--password-file", "--max-connections",
      "--http-port", "--hash-password", "--tls-keystore");
  /** The environment variable with the password of --tls-keystore (a password never goes on a command line). */
  static final String TLS_PASSWORD_VARIABLE = "SLUICE_TLS_PASSWORD";
  /** Without --db, every connection shares one in-memory database that lives as long as the server. */
  static final String IN_MEMORY_URL = "jdbc:sluice:mem:sluice-serve";

  private ServeCommand() {}

  static int run(Command command, String url, Properties properties, InputStream in, PrintStream out,
      PrintStream err) {
    try {
      String user = command.options().get("--hash-password");
      if (user != null) {
        return hashPassword(user, in, out, err);
      }
      ServerConfig config = ServerConfig.local(url)
          .withHost(command.options().getOrDefault("--host", ServerConfig.DEFAULT_HOST))
          .withPort(number(command, "--port", ServerConfig.DEFAULT_PORT))
          .withMaxConnections(number(command, "--max-connections", ServerConfig.DEFAULT_MAX_CONNECTIONS));
      String keyStore = command.options().get("--tls-keystore");
      if (keyStore != null) {
        config = config.withTls(Path.of(keyStore), System.getenv(TLS_PASSWORD_VARIABLE));
      }
      String passwords = command.options().get("--password-file");
      if (passwords != null) {
        config = config.withPasswordFile(Path.of(passwords));
      }
      // holds the database (an in-memory one lives while a connection is open) and reads the metrics
      try (Connection anchor = Main.connect(url, properties);
           PgServer server = PgServer.start(config);
           AutoCloseable http = HttpPort.start(command.options().get(HttpPort.OPTION),
               anchor.unwrap(io.sluice.jdbc.SluiceConnection.class)::continuousQueryProgress, err)) {
        err.println("Serving " + (url.equals(IN_MEMORY_URL) ? "an in-memory database" : url.substring(
            "jdbc:sluice:".length())) + " over the PostgreSQL protocol on " + config.host() + ":" + server.port()
            + (config.passwordFile() == null ? " (trust: local connections only)" : " (SCRAM-SHA-256)")
            + (config.tlsKeyStore() == null ? "" : " with TLS")
            + "; connect with: psql -h " + config.host() + " -p " + server.port() + " -U $USER sluice");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "sluice-serve-stop"));
        stopped.await();
      }
      return Main.OK;
    } catch (NumberFormatException e) {
      err.println("Error: " + e.getMessage());
      return Main.USAGE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Main.FAILED;
    } catch (Exception e) {
      err.println("Error: " + e.getMessage());
      return Main.FAILED;
    }
  }

  private static int number(Command command, String option, int otherwise) {
    String value = command.options().get(option);
    if (value == null) {
      return otherwise;
    }
    if (!value.matches("\\d{1,5}")) {
      throw new NumberFormatException(option + " takes a number, not '" + value + "'");
    }
    return Integer.parseInt(value);
  }

  private static int hashPassword(String user, InputStream in, PrintStream out, PrintStream err) throws IOException {
    String password;
    java.io.Console console = System.console();
    if (console != null && in == System.in) {
      char[] typed = console.readPassword("Password for %s: ", user);
      password = typed == null ? null : new String(typed);
    } else {
      password = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
    }
    if (password == null || password.isEmpty()) {
      err.println("Error: no password given on standard input");
      return Main.FAILED;
    }
    try {
      out.println(PasswordFile.entry(user, password));
      return Main.OK;
    } catch (IllegalArgumentException e) {
      err.println("Error: " + e.getMessage());
      return Main.USAGE;
    }
  }

}
