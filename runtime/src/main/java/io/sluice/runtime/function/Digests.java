package io.sluice.runtime.function;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Hashes of text as PostgreSQL writes them: MD5 as 32 lower-case hexadecimal digits, SHA256 as 64
 * (PostgreSQL's sha256 gives bytes, printed {@code \x} and these digits; Sluice has no byte type,
 * so it gives the digits, which are PostgreSQL's {@code encode(sha256(s), 'hex')}).
 */
public final class Digests {
  private Digests() {}

  private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** MD5(string): the digest of the string's UTF-8 bytes in hexadecimal; the call site keeps one digest object. */
  @SqlFunction("MD5")
  public static int md5(byte[] b, int off, int len, Scratch out) {
    return hex("MD5", 16, b, off, len, out);
  }

  /** SHA256(string): the SHA-256 digest of the string's UTF-8 bytes, 64 lower-case hexadecimal digits. */
  @SqlFunction("SHA256")
  public static int sha256(byte[] b, int off, int len, Scratch out) {
    return hex("SHA-256", 32, b, off, len, out);
  }

  /** The digest of {@code size} bytes in hexadecimal, written into {@code out}; the call site keeps one digest object. */
  private static int hex(String algorithm, int size, byte[] b, int off, int len, Scratch out) {
    MessageDigest digest = out.memo instanceof MessageDigest d ? d : newDigest(algorithm, out);
    byte[] buf = out.ensure(3 * size);
    digest.update(b, off, len);
    try {
      digest.digest(buf, 2 * size, size); // the bytes after the hex digits they become
    } catch (DigestException e) {
      throw new SluiceException(ErrorCode.INTERNAL_ERROR, algorithm + " failed: " + e.getMessage(), e);
    }
    for (int i = 0; i < size; i++) {
      int v = buf[2 * size + i] & 0xff;
      buf[2 * i] = HEX[v >>> 4];
      buf[2 * i + 1] = HEX[v & 0xf];
    }
    return 2 * size;
  }

  private static MessageDigest newDigest(String algorithm, Scratch out) {
    try {
      MessageDigest digest = MessageDigest.getInstance(algorithm);
      out.memo = digest;
      return digest;
    } catch (NoSuchAlgorithmException e) {
      throw new SluiceException(ErrorCode.INTERNAL_ERROR, "This JVM has no " + algorithm, e);
    }
  }
}
