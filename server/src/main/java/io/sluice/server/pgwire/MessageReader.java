package io.sluice.server.pgwire;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads frontend messages: the untyped start-up packet and typed messages ({@code type, int32
 * length, body}). Every length is checked against a limit before anything is allocated, so a
 * client announcing a 2 GB message gets an error instead of making the server run out of memory.
 */
final class MessageReader {
  /** A start-up packet carries a few parameters; PostgreSQL refuses ones over 10000 bytes too. */
  static final int MAX_STARTUP_LENGTH = 10_000;

  private final DataInputStream in;
  private final int maxMessageBytes;

  /** What {@link #peek} saw on the socket. */
  enum Peek { NOTHING, PENDING, CLOSED }

  /** @param in a stream that supports mark and reset (a BufferedInputStream), for {@link #peek} */
  MessageReader(InputStream in, int maxMessageBytes) {
    this.in = new DataInputStream(in);
    this.maxMessageBytes = maxMessageBytes;
  }

  /**
   * Whether the client sent something (left unread) or closed the connection within {@code millis},
   * without taking anything from the stream.
   */
  Peek peek(java.net.Socket socket, int millis) throws IOException {
    int previous = socket.getSoTimeout();
    socket.setSoTimeout(millis);
    try {
      in.mark(1);
      int b = in.read();
      if (b < 0) {
        return Peek.CLOSED;
      }
      in.reset();
      return Peek.PENDING;
    } catch (java.net.SocketTimeoutException e) {
      return Peek.NOTHING;
    } finally {
      socket.setSoTimeout(previous);
    }
  }

  /** The body of the start-up packet (after its length), or null when the client closed before sending one. */
  Message readStartup() throws IOException, ProtocolException {
    int first = in.read();
    if (first < 0) {
      return null;
    }
    int length = (first << 24) | (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
    if (length < 8 || length > MAX_STARTUP_LENGTH) {
      throw new ProtocolException("invalid length of startup packet: " + length);
    }
    return new Message('\0', readBody(length - 4));
  }

  /** Bytes that can be read without waiting: read ahead already, or come on the socket. */
  int available() throws IOException {
    return in.available();
  }

  /** The next typed message, or null at the end of the stream. */
  Message read() throws IOException, ProtocolException {
    int type = in.read();
    if (type < 0) {
      return null;
    }
    int length = in.readInt();
    if (length < 4) {
      throw new ProtocolException("invalid message length " + length + " for message type '"
          + printable(type) + "'");
    }
    if (length - 4 > maxMessageBytes) {
      throw new ProtocolException("message of type '" + printable(type) + "' is " + (length - 4)
          + " bytes long, more than the limit of " + maxMessageBytes + " bytes");
    }
    return new Message((char) type, readBody(length - 4));
  }

  private byte[] readBody(int length) throws IOException {
    byte[] body = new byte[length];
    in.readFully(body);
    return body;
  }

  private static String printable(int type) {
    return type >= 0x20 && type < 0x7f ? String.valueOf((char) type) : String.format("\\x%02x", type);
  }

  /** One message: its type ('\0' for the start-up packet) and a cursor over its body. */
  static final class Message {
    final char type;
    private final byte[] body;
    private int position;

    Message(char type, byte[] body) {
      this.type = type;
      this.body = body;
    }

    int remaining() {
      return body.length - position;
    }

    int readInt32() throws ProtocolException {
      need(4, "an int32");
      int v = ((body[position] & 0xff) << 24) | ((body[position + 1] & 0xff) << 16)
          | ((body[position + 2] & 0xff) << 8) | (body[position + 3] & 0xff);
      position += 4;
      return v;
    }

    int readInt16() throws ProtocolException {
      need(2, "an int16");
      int v = (short) (((body[position] & 0xff) << 8) | (body[position + 1] & 0xff));
      position += 2;
      return v;
    }

    byte readByte() throws ProtocolException {
      need(1, "a byte");
      return body[position++];
    }

    byte[] readBytes(int count) throws ProtocolException {
      if (count < 0) {
        throw new ProtocolException("negative length " + count + " in message '" + type + "'");
      }
      need(count, count + " bytes");
      byte[] bytes = java.util.Arrays.copyOfRange(body, position, position + count);
      position += count;
      return bytes;
    }

    /** A NUL-terminated UTF-8 string. */
    String readCString() throws ProtocolException {
      int end = position;
      while (end < body.length && body[end] != 0) {
        end++;
      }
      if (end == body.length) {
        throw new ProtocolException("unterminated string in message '" + type + "'");
      }
      String s = new String(body, position, end - position, StandardCharsets.UTF_8);
      position = end + 1;
      return s;
    }

    private void need(int count, String what) throws ProtocolException {
      if (body.length - position < count) {
        throw new ProtocolException("message '" + (type == '\0' ? "startup" : String.valueOf(type))
            + "' ends where " + what + " was expected");
      }
    }
  }

  static EOFException closed() {
    return new EOFException("the client closed the connection");
  }
}
