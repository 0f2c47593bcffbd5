package io.sluice.server.pgwire;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the server keeps of a password for SCRAM-SHA-256 (RFC 5802, RFC 7677): salt, iteration
 * count, StoredKey and ServerKey, never the password. Written as PostgreSQL writes it in
 * {@code pg_authid.rolpassword}: {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>},
 * so a verifier taken from a PostgreSQL server works here too.
 */
public record ScramVerifier(int iterations, byte[] salt, byte[] storedKey, byte[] serverKey) {
  static final String PREFIX = "SCRAM-SHA-256$";
  /** PostgreSQL's default iteration count. */
  public static final int DEFAULT_ITERATIONS = 4096;

  /** A new verifier for {@code password} with a random salt. Passwords are taken as they are (no SASLprep). */
  public static ScramVerifier create(String password, int iterations) {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    return derive(password, salt, iterations);
  }

  static ScramVerifier derive(String password, byte[] salt, int iterations) {
    byte[] salted = saltedPassword(password, salt, iterations);
    byte[] clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
    byte[] serverKey = hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
    return new ScramVerifier(iterations, salt, sha256(clientKey), serverKey);
  }

  /** Reads the text form; an error message names what is wrong with it. */
  public static ScramVerifier parse(String text) {
    if (!text.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not a SCRAM-SHA-256 verifier (it must start with " + PREFIX + ")");
    }
    String[] parts = text.substring(PREFIX.length()).split("[$:]", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("a SCRAM-SHA-256 verifier has the form "
          + PREFIX + "<iterations>:<salt>$<StoredKey>:<ServerKey>");
    }
    try {
      int iterations = Integer.parseInt(parts[0]);
      if (iterations < 1) {
        throw new IllegalArgumentException("the iteration count must be positive");
      }
      Base64.Decoder b64 = Base64.getDecoder();
      return new ScramVerifier(iterations, b64.decode(parts[1]), b64.decode(parts[2]), b64.decode(parts[3]));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed SCRAM-SHA-256 verifier: " + e.getMessage(), e);
    }
  }

  /** The text form, as {@link #parse} reads it. */
  public String format() {
    Base64.Encoder b64 = Base64.getEncoder();
    return PREFIX + iterations + ":" + b64.encodeToString(salt) + "$" + b64.encodeToString(storedKey) + ":"
        + b64.encodeToString(serverKey);
  }

  static byte[] saltedPassword(String password, byte[] salt, int iterations) {
    try {
      SecretKeyFactory factory = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
      return factory.generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JVM", e);
    }
  }

  static byte[] hmac(byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
