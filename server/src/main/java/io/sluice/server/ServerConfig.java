package io.sluice.server;

import java.nio.file.Path;

/**
 * How {@code sluice serve} listens.
 *
 * @param host the address to listen on; anything but a loopback address needs {@code passwordFile}
 * @param port the port (0: any free one)
 * @param jdbcUrl the Sluice database every connection opens its own session on
 * @param passwordFile users and SCRAM-SHA-256 verifiers, or null to trust local clients
 * @param maxConnections connections served at once; more are refused with SQLSTATE 53300
 * @param maxMessageBytes the longest message a client may send; a longer one ends its connection
 * @param startupTimeoutMillis how long a new connection may take to start up and authenticate
 * @param tlsKeyStore a PKCS#12 file with the server's certificate and key, or null for no TLS
 * @param tlsKeyStorePassword the password of {@code tlsKeyStore}
 */
public record ServerConfig(String host, int port, String jdbcUrl, Path passwordFile, int maxConnections,
    int maxMessageBytes, int startupTimeoutMillis, Path tlsKeyStore, String tlsKeyStorePassword) {
  public static final int DEFAULT_PORT = 5432;
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_MAX_CONNECTIONS = 64;
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 << 20;
  public static final int DEFAULT_STARTUP_TIMEOUT_MILLIS = 30_000;

  /** The defaults for a database URL: 127.0.0.1:5432, trust, 64 connections, 64 MB messages, 30 s start-up. */
  public static ServerConfig local(String jdbcUrl) {
    return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, jdbcUrl, null, DEFAULT_MAX_CONNECTIONS,
        DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_STARTUP_TIMEOUT_MILLIS, null, null);
  }

  public ServerConfig withHost(String newHost) {
    return new ServerConfig(newHost, port, jdbcUrl, passwordFile, maxConnections, maxMessageBytes, startupTimeoutMillis, tlsKeyStore,
        tlsKeyStorePassword);
  }

  public ServerConfig withPort(int newPort) {
    return new ServerConfig(host, newPort, jdbcUrl, passwordFile, maxConnections, maxMessageBytes, startupTimeoutMillis, tlsKeyStore,
        tlsKeyStorePassword);
  }

  public ServerConfig withPasswordFile(Path file) {
    return new ServerConfig(host, port, jdbcUrl, file, maxConnections, maxMessageBytes, startupTimeoutMillis, tlsKeyStore,
        tlsKeyStorePassword);
  }

  public ServerConfig withMaxConnections(int max) {
    return new ServerConfig(host, port, jdbcUrl, passwordFile, max, maxMessageBytes, startupTimeoutMillis, tlsKeyStore,
        tlsKeyStorePassword);
  }

  public ServerConfig withLimits(int newMaxMessageBytes, int newStartupTimeoutMillis) {
    return new ServerConfig(host, port, jdbcUrl, passwordFile, maxConnections, newMaxMessageBytes,
        newStartupTimeoutMillis, tlsKeyStore, tlsKeyStorePassword);
  }

  /** TLS with the certificate and key of a PKCS#12 file. */
  public ServerConfig withTls(Path keyStore, String password) {
    return new ServerConfig(host, port, jdbcUrl, passwordFile, maxConnections, maxMessageBytes, startupTimeoutMillis,
        keyStore, password);
  }

  /** Without the key store's password. */
  @Override
  public String toString() {
    return "ServerConfig[" + host + ":" + port + ", " + jdbcUrl + ", passwords " + passwordFile + ", at most "
        + maxConnections + " connections, TLS " + (tlsKeyStore == null ? "off" : tlsKeyStore) + "]";
  }
}
