package io.sluice.server.pgwire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The users who may connect with a password: one {@code user:verifier} line each, the verifier as
 * {@link ScramVerifier#format()} writes it ({@code sluice serve --hash-password USER} prints such a
 * line). Blank lines and lines starting with {@code #} are ignored. The file holds no password.
 */
public final class PasswordFile {
  private final Map<String, ScramVerifier> users;

  private PasswordFile(Map<String, ScramVerifier> users) {
    this.users = users;
  }

  /** Reads the file; an error names the file and line of a malformed entry. */
  public static PasswordFile read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Map<String, ScramVerifier> users = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IOException(file + ", line " + (i + 1) + ": expected user:SCRAM-SHA-256$..., as"
            + " 'sluice serve --hash-password USER' prints");
      }
      try {
        users.put(line.substring(0, colon), ScramVerifier.parse(line.substring(colon + 1)));
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ", line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    if (users.isEmpty()) {
      throw new IOException(file + " lists no user");
    }
    return new PasswordFile(users);
  }

  /** One line of the file for {@code user} with {@code password}. */
  public static String entry(String user, String password) {
    if (user.isEmpty() || user.indexOf(':') >= 0 || user.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("a user name must be non-empty, without ':' or spaces: '" + user + "'");
    }
    return user + ":" + ScramVerifier.create(password, ScramVerifier.DEFAULT_ITERATIONS).format();
  }

  /** The user's verifier, or null for a user the file does not list. */
  ScramVerifier verifier(String user) {
    return users.get(user);
  }
}
