package io.sluice.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Garbage on the wire: random bytes, truncated frames, huge lengths, unknown messages, before and
 * after start-up. Each bad connection is answered with an error or closed by the server (never left
 * hanging, never answered by a crash), its slot is given back, and a good client keeps working
 * throughout.
 */
class ProtocolFuzzTest {
  private static final int READ_TIMEOUT_MILLIS = 10_000;
  private static RunningServer server;

  @BeforeAll
  static void start() throws Exception {
    server = RunningServer.start(null, 8);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void malformedMessageEndsOnlyItsConnection() throws Exception {
    try (Connection good = server.pgjdbc(); Statement s = good.createStatement()) {
      s.execute("CREATE TABLE kept (id INT)");
      s.execute("INSERT INTO kept VALUES (1)");
      try (Socket bad = startedConnection()) {
        // a Query message whose string is not terminated, then an unknown message type
        write(bad, message('Q', "SELECT 1".getBytes(StandardCharsets.US_ASCII)));
        write(bad, message('?', new byte[] {1, 2, 3}));
        String answer = readUntilClosed(bad);
        assertTrue(answer.contains("08P01"), answer);
      }
      try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM kept")) {
        assertTrue(r.next());
        assertEquals(1, r.getInt(1));
      }
    }
  }

  @Test
  void hugeLengthIsRefusedWithoutReadingIt() throws Exception {
    try (Socket bad = startedConnection()) {
      write(bad, new byte[] {'Q', 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
      String answer = readUntilClosed(bad);
      assertTrue(answer.contains("more than the limit"), answer);
    }
    try (Socket bad = new Socket("127.0.0.1", server.port())) {
      write(bad, new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 3, 0, 0});
      assertTrue(readUntilClosed(bad).contains("invalid length of startup packet"));
    }
  }

  @Test
  void randomBytesAndTruncatedFramesNeverHarmTheServer() throws Exception {
    Random random = new Random(20261206L);
    for (int round = 0; round < 60; round++) {
      boolean afterStartup = round % 2 == 0;
      try (Socket bad = afterStartup ? startedConnection() : new Socket("127.0.0.1", server.port())) {
        byte[] noise = new byte[1 + random.nextInt(200)];
        random.nextBytes(noise);
        if (round % 3 == 0) {
          // a frame that announces more than it sends, then the client stops writing
          noise = java.util.Arrays.copyOf(message((char) ('A' + random.nextInt(26)), noise), noise.length / 2 + 5);
        }
        write(bad, noise);
        bad.shutdownOutput();
        readUntilClosed(bad);
      }
    }
    assertServerStillServes();
    waitForSlots();
  }

  /** A client that hangs up while a SELECT over a stream waits for rows ends the query and frees its slot. */
  @Test
  void clientLeavingAStreamingSelectEndsIt() throws Exception {
    try (Connection good = server.pgjdbc(); Statement s = good.createStatement()) {
      s.execute("CREATE SOURCE idle (id BIGINT) WITH (connector = 'memory')");
      try (Socket leaving = startedConnection()) {
        write(leaving, message('Q', "SELECT id FROM idle\0".getBytes(StandardCharsets.US_ASCII)));
        // RowDescription comes at once, before any row: the query is waiting for its first batch
        assertEquals('T', leaving.getInputStream().read());
      }
      for (int i = 0; i < 1000 && server.server.connectionCount() > 1; i++) {
        Thread.sleep(10);
      }
      assertEquals(1, server.server.connectionCount(), "only the good connection is left");
    }
  }

  private static void assertServerStillServes() throws Exception {
    try (Connection c = server.pgjdbc(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT 1 + 1")) {
      assertTrue(r.next());
      assertEquals(2, r.getInt(1));
    }
  }

  /** Every fuzzed connection gave its slot back (its thread ended): none leaked. */
  private static void waitForSlots() throws InterruptedException {
    for (int i = 0; i < 500 && server.server.connectionCount() > 0; i++) {
      Thread.sleep(20);
    }
    assertEquals(0, server.server.connectionCount());
  }

  /** A connection past start-up and trust authentication, its greeting read. */
  private static Socket startedConnection() throws IOException {
    Socket socket = new Socket("127.0.0.1", server.port());
    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(body);
    d.writeInt(3 << 16);
    d.write("user\0fuzz\0\0".getBytes(StandardCharsets.US_ASCII));
    byte[] b = body.toByteArray();
    ByteArrayOutputStream packet = new ByteArrayOutputStream();
    new DataOutputStream(packet).writeInt(b.length + 4);
    packet.write(b);
    write(socket, packet.toByteArray());
    // read up to ReadyForQuery: 'Z', length 5, status
    InputStream in = socket.getInputStream();
    int previous = -1;
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("closed during start-up");
      }
      if (previous == 'Z' && c == 0) {
        in.readNBytes(4);
        return socket;
      }
      previous = c;
    }
  }

  private static byte[] message(char type, byte[] body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(out);
    d.writeByte(type);
    d.writeInt(body.length + 4);
    d.write(body);
    return out.toByteArray();
  }

  private static void write(Socket socket, byte[] bytes) {
    try {
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
    } catch (IOException e) {
      // the server may already have closed the connection: what it answered is read next
    }
  }

  /** What the server sent until it closed the connection; fails if it neither closes nor answers in time. */
  private static String readUntilClosed(Socket socket) throws IOException {
    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    try {
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[4096];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        got.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server neither answered nor closed the connection within "
          + READ_TIMEOUT_MILLIS + " ms; it sent: " + got.toString(StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      // a reset: the server closed without reading what was left
    }
    return got.toString(StandardCharsets.ISO_8859_1);
  }
}
