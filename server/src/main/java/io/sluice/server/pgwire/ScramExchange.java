package io.sluice.server.pgwire;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The server's side of one SCRAM-SHA-256 exchange without channel binding: reads the client's
 * first message, answers with the salt and iteration count, checks the client's proof and signs
 * the answer. A user without a verifier goes through the same steps with a made-up salt and
 * fails at the end, so a client cannot tell unknown users from wrong passwords.
 */
final class ScramExchange {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ScramVerifier verifier;
  private final boolean knownUser;
  private String clientFirstBare;
  private String serverFirst;
  private String nonce;

  /** @param verifier the user's verifier, or null for a user the password file does not list */
  ScramExchange(ScramVerifier verifier) {
    this.knownUser = verifier != null;
    this.verifier = verifier != null ? verifier : ScramVerifier.derive(randomText(), randomBytes(16),
        ScramVerifier.DEFAULT_ITERATIONS);
  }

  /** Reads {@code gs2-header client-first-message-bare}; returns server-first-message. */
  String serverFirst(String clientFirst) throws ProtocolException {
    String bare;
    if (clientFirst.startsWith("n,,") || clientFirst.startsWith("y,,")) {
      bare = clientFirst.substring(3);
    } else if (clientFirst.startsWith("p=")) {
      throw new ProtocolException("28000", "channel binding is not supported: use SCRAM-SHA-256 without -PLUS");
    } else {
      throw new ProtocolException("malformed SCRAM message: unexpected GS2 header");
    }
    String clientNonce = attribute(bare, 'r');
    clientFirstBare = bare;
    nonce = clientNonce + randomText();
    serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(verifier.salt()) + ",i="
        + verifier.iterations();
    return serverFirst;
  }

  /**
   * Checks {@code client-final-message}; returns server-final-message when the proof is right,
   * null when the password is wrong (or the user unknown).
   */
  String serverFinal(String clientFinal) throws ProtocolException {
    if (serverFirst == null) {
      throw new ProtocolException("SCRAM final message before the first one");
    }
    int proofAt = clientFinal.lastIndexOf(",p=");
    if (proofAt < 0) {
      throw new ProtocolException("malformed SCRAM message: no proof");
    }
    String withoutProof = clientFinal.substring(0, proofAt);
    String channel = attribute(withoutProof, 'c');
    if (!channel.equals("biws") && !channel.equals("eSws")) { // base64 of "n,," and "y,,"
      throw new ProtocolException("malformed SCRAM message: unexpected channel binding");
    }
    if (!attribute(withoutProof, 'r').equals(nonce)) {
      throw new ProtocolException("malformed SCRAM message: the nonce does not match");
    }
    byte[] proof;
    try {
      proof = Base64.getDecoder().decode(clientFinal.substring(proofAt + 3));
    } catch (IllegalArgumentException e) {
      throw new ProtocolException("malformed SCRAM message: the proof is not base64");
    }
    byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
    byte[] clientSignature = ScramVerifier.hmac(verifier.storedKey(), authMessage);
    if (proof.length != clientSignature.length) {
      return null;
    }
    byte[] clientKey = new byte[proof.length];
    for (int i = 0; i < proof.length; i++) {
      clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
    }
    boolean valid = MessageDigest.isEqual(ScramVerifier.sha256(clientKey), verifier.storedKey());
    if (!valid || !knownUser) {
      return null;
    }
    return "v=" + Base64.getEncoder().encodeToString(ScramVerifier.hmac(verifier.serverKey(), authMessage));
  }

  /** The value of attribute {@code name} in a SCRAM message ({@code a=...,b=...}). */
  private static String attribute(String message, char name) throws ProtocolException {
    for (String part : message.split(",")) {
      if (part.length() >= 2 && part.charAt(0) == name && part.charAt(1) == '=') {
        return part.substring(2);
      }
    }
    throw new ProtocolException("malformed SCRAM message: attribute '" + name + "' is missing");
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static String randomText() {
    return Base64.getEncoder().withoutPadding().encodeToString(randomBytes(18));
  }
}
