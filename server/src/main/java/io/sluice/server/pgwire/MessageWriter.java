package io.sluice.server.pgwire;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes backend messages. A message is built in one reused buffer and copied to the buffered
 * socket stream when it ends, because its length comes first; nothing reaches the client until
 * {@link #flush()}, so a batch of rows goes out in as few packets as fit.
 */
final class MessageWriter {
  private final OutputStream out;
  private byte[] buffer = new byte[1024];
  private int length;
  private int start = -1;

  MessageWriter(OutputStream out) {
    this.out = out;
  }

  MessageWriter begin(char type) {
    if (start >= 0) {
      throw new IllegalStateException("message " + (char) buffer[start] + " not ended");
    }
    length = 0;
    start = 0;
    int8(type);
    int32(0); // the length, filled in by end()
    return this;
  }

  MessageWriter int8(int b) {
    ensure(1);
    buffer[length++] = (byte) b;
    return this;
  }

  MessageWriter int16(int v) {
    ensure(2);
    buffer[length++] = (byte) (v >>> 8);
    buffer[length++] = (byte) v;
    return this;
  }

  MessageWriter int32(int v) {
    ensure(4);
    buffer[length++] = (byte) (v >>> 24);
    buffer[length++] = (byte) (v >>> 16);
    buffer[length++] = (byte) (v >>> 8);
    buffer[length++] = (byte) v;
    return this;
  }

  MessageWriter bytes(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buffer, length, bytes.length);
    length += bytes.length;
    return this;
  }

  /** A NUL-terminated UTF-8 string. */
  MessageWriter cstring(String s) {
    bytes(s.getBytes(StandardCharsets.UTF_8));
    return int8(0);
  }

  /** Fills in the message's length and hands it to the socket's buffer. */
  void end() throws IOException {
    int bodyLength = length - 1;
    buffer[1] = (byte) (bodyLength >>> 24);
    buffer[2] = (byte) (bodyLength >>> 16);
    buffer[3] = (byte) (bodyLength >>> 8);
    buffer[4] = (byte) bodyLength;
    out.write(buffer, 0, length);
    start = -1;
    if (buffer.length > 1 << 20) {
      buffer = new byte[1024]; // one huge row does not keep a huge buffer for the connection's life
    }
  }

  /** A single byte without a message frame: the answer to SSLRequest and GSSENCRequest. */
  void raw(int b) throws IOException {
    out.write(b);
  }

  void flush() throws IOException {
    out.flush();
  }

  private void ensure(int more) {
    if (length + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
    }
  }
}
