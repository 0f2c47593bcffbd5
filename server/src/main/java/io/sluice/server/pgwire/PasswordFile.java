package io.sluice.server.pgwire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The users who may connect with a password: one {@code user:verifier} line each, the verifier as
 * {@link ScramVerifier#format()} writes it ({@code sluice serve --hash-password USER} prints such a
 * line). Blank lines and lines starting with {@code #} are ignored. The file holds no password.
 * {@code CREATE USER}, {@code ALTER USER ... PASSWORD} and {@code DROP USER} change it while the
 * server runs ({@link #put}, {@link #remove}): the file is rewritten whole under a temporary name
 * and moved over the old one, its other lines kept, so a crash leaves the old file or the new one.
 */
public final class PasswordFile {
  private final Path file;
  private final Map<String, ScramVerifier> users;

  private PasswordFile(Path file, Map<String, ScramVerifier> users) {
    this.file = file;
    this.users = users;
  }

  /** Reads the file; an error names the file and line of a malformed entry. */
  public static PasswordFile read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Map<String, ScramVerifier> users = new ConcurrentHashMap<>();
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
    return new PasswordFile(file, users);
  }

  /** One line of the file for {@code user} with {@code password}. */
  public static String entry(String user, String password) {
    checkName(user);
    return user + ":" + ScramVerifier.create(password, ScramVerifier.DEFAULT_ITERATIONS).format();
  }

  static void checkName(String user) {
    if (user.isEmpty() || user.indexOf(':') >= 0 || user.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("a user name must be non-empty, without ':' or spaces: '" + user + "'");
    }
  }

  /** Whether the file lists {@code user}. */
  boolean has(String user) {
    return users.containsKey(user);
  }

  /** Adds {@code user}, or gives a listed one a new verifier, in memory and in the file. */
  synchronized void put(String user, ScramVerifier verifier) throws IOException {
    checkName(user);
    rewrite(user, user + ":" + verifier.format());
    users.put(user, verifier);
  }

  /** Removes {@code user} from memory and from the file. */
  synchronized void remove(String user) throws IOException {
    rewrite(user, null);
    users.remove(user);
  }

  int size() {
    return users.size();
  }

  /** Writes the file with {@code user}'s line replaced by {@code line} (appended if it had none; removed if null). */
  private void rewrite(String user, String line) throws IOException {
    List<String> lines = new ArrayList<>();
    boolean replaced = false;
    for (String old : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (old.strip().startsWith(user + ":")) {
        if (line != null && !replaced) {
          lines.add(line);
        }
        replaced = true;
      } else {
        lines.add(old);
      }
    }
    if (!replaced && line != null) {
      lines.add(line);
    }
    Path temporary = file.resolveSibling("." + file.getFileName() + ".new");
    Files.write(temporary, lines, StandardCharsets.UTF_8);
    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The user's verifier, or null for a user the file does not list. */
  ScramVerifier verifier(String user) {
    return users.get(user);
  }
}
