package io.sluice.runtime.function;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Hashes of text as PostgreSQL writes them: MD5 as 32 lower-case hexadecimal digits. */
public final class Digests {
  private Digests() {}

  private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** MD5(string): the digest of the string's UTF-8 bytes in hexadecimal; the call site keeps one digest object. */
  @SqlFunction("MD5")
  public static int md5(byte[] b, int off, int len, Scratch out) {
    MessageDigest digest = out.memo instanceof MessageDigest d ? d : newDigest(out);
    byte[] buf = out.ensure(48);
    digest.update(b, off, len);
    try {
      digest.digest(buf, 32, 16); // the 16 bytes after the 32 hex digits they become
    } catch (DigestException e) {
      throw new SluiceException(ErrorCode.INTERNAL_ERROR, "MD5 failed: " + e.getMessage(), e);
    }
    for (int i = 0; i < 16; i++) {
      int v = buf[32 + i] & 0xff;
      buf[2 * i] = HEX[v >>> 4];
      buf[2 * i + 1] = HEX[v & 0xf];
    }
    return 32;
  }

  private static MessageDigest newDigest(Scratch out) {
    try {
      MessageDigest digest = MessageDigest.getInstance("MD5");
      out.memo = digest;
      return digest;
    } catch (NoSuchAlgorithmException e) {
      throw new SluiceException(ErrorCode.INTERNAL_ERROR, "This JVM has no MD5", e);
    }
  }
}
