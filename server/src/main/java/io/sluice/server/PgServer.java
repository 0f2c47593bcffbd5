package io.sluice.server;

import io.sluice.server.pgwire.PasswordFile;
import io.sluice.server.pgwire.PgConnection;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves a Sluice database over the PostgreSQL wire protocol. One platform thread per connection
 * (blocking I/O): a connection spends its life waiting for its client or running a statement on
 * the engine's blocking JDBC face, the number of connections is capped, and Java 17 has no
 * virtual threads; an event loop (NIO, Netty) would add a second threading model for no gain at
 * this scale. Refuses to listen beyond the loopback interface without a password file.
 */
public final class PgServer implements AutoCloseable, PgConnection.Host {
  private final ServerConfig config;
  private final PasswordFile passwords;
  private final javax.net.ssl.SSLSocketFactory tls;
  private final ServerSocket listener;
  private final Semaphore slots;
  private final Map<Integer, PgConnection> connections = new ConcurrentHashMap<>();
  private final AtomicInteger nextProcessId = new AtomicInteger(1);
  private final SecureRandom random = new SecureRandom();
  private final Thread acceptor;
  private volatile boolean closed;

  private PgServer(ServerConfig config, PasswordFile passwords, javax.net.ssl.SSLSocketFactory tls,
      ServerSocket listener) {
    this.config = config;
    this.passwords = passwords;
    this.tls = tls;
    this.listener = listener;
    this.slots = new Semaphore(config.maxConnections());
    this.acceptor = new Thread(this::acceptLoop, "sluice-pg-accept");
    acceptor.setDaemon(true);
  }

  /**
   * Starts listening. Fails, naming the reason, on a non-loopback address without a password file,
   * a password file that cannot be read, or a port in use.
   */
  public static PgServer start(ServerConfig config) throws IOException {
    InetAddress address = InetAddress.getByName(config.host());
    PasswordFile passwords = config.passwordFile() == null ? null : PasswordFile.read(config.passwordFile());
    if (passwords == null && !address.isLoopbackAddress()) {
      throw new IOException("listening on " + config.host() + " (not a loopback address) needs authentication:"
          + " give a password file with --password-file (lines from 'sluice serve --hash-password USER')");
    }
    javax.net.ssl.SSLSocketFactory tls = config.tlsKeyStore() == null ? null
        : tlsSockets(config.tlsKeyStore(), config.tlsKeyStorePassword());
    ServerSocket listener = new ServerSocket();
    listener.setReuseAddress(true);
    listener.bind(new InetSocketAddress(address, config.port()), 64);
    PgServer server = new PgServer(config, passwords, tls, listener);
    server.acceptor.start();
    return server;
  }

  /** TLS sockets with the certificate and key of a PKCS#12 file; an error names the file and what is wrong. */
  private static javax.net.ssl.SSLSocketFactory tlsSockets(java.nio.file.Path keyStore, String password)
      throws IOException {
    char[] secret = password == null ? new char[0] : password.toCharArray();
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(keyStore)) {
      java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
      store.load(in, secret);
      javax.net.ssl.KeyManagerFactory keys = javax.net.ssl.KeyManagerFactory.getInstance(
          javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, secret);
      javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context.getSocketFactory();
    } catch (java.security.GeneralSecurityException | IOException e) {
      throw new IOException("cannot use " + keyStore + " for TLS (a PKCS#12 file with the certificate and key): "
          + e.getMessage(), e);
    }
  }

  @Override
  public javax.net.ssl.SSLSocketFactory tls() {
    return tls;
  }

  /** The port it listens on (the one chosen when the configuration asked for 0). */
  public int port() {
    return listener.getLocalPort();
  }

  /** Connections open now. */
  public int connectionCount() {
    return config.maxConnections() - slots.availablePermits();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue;
      }
      if (!slots.tryAcquire()) {
        refuse(socket);
        continue;
      }
      try {
        socket.setTcpNoDelay(true);
        int processId = nextProcessId.getAndIncrement();
        PgConnection connection = new PgConnection(socket, this, processId, random.nextInt());
        connections.put(processId, connection);
        Thread thread = new Thread(() -> {
          try {
            connection.run();
          } finally {
            connections.remove(processId);
            slots.release();
          }
        }, "sluice-pg-" + processId);
        thread.setDaemon(true);
        thread.start();
      } catch (IOException | RuntimeException | Error e) {
        slots.release();
        closeQuietly(socket);
      }
    }
  }

  /** Over the connection limit: a FATAL too_many_connections error, as PostgreSQL sends, then the socket closes. */
  private void refuse(Socket socket) {
    try (socket) {
      socket.setSoTimeout(1000);
      OutputStream out = new BufferedOutputStream(socket.getOutputStream());
      byte[] fields = ("SFATAL\0VFATAL\0C53300\0Msorry, too many clients already (the limit is "
          + config.maxConnections() + ")\0\0").getBytes(StandardCharsets.UTF_8);
      out.write('E');
      int length = fields.length + 4;
      out.write(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
      out.write(fields);
      out.flush();
    } catch (IOException e) {
      // the client left first
    }
  }

  @Override
  public String jdbcUrl() {
    return config.jdbcUrl();
  }

  @Override
  public PasswordFile passwords() {
    return passwords;
  }

  @Override
  public int maxMessageBytes() {
    return config.maxMessageBytes();
  }

  @Override
  public int startupTimeoutMillis() {
    return config.startupTimeoutMillis();
  }

  @Override
  public void cancel(int processId, int secret) {
    PgConnection connection = connections.get(processId);
    if (connection != null && connection.secret() == secret) {
      connection.cancelRunning();
    }
  }

  /** Stops accepting; open connections end when their clients leave (their threads are daemons). */
  @Override
  public void close() {
    closed = true;
    closeQuietly(listener);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // closing
    }
  }
}
