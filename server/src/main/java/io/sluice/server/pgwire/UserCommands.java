package io.sluice.server.pgwire;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code CREATE USER name [WITH] [LOGIN] PASSWORD '...'}, {@code ALTER USER|ROLE name [WITH]
 * PASSWORD '...'} and {@code DROP USER|ROLE [IF EXISTS] name}: the server's users, kept in its
 * password file ({@link PasswordFile}) as SCRAM-SHA-256 verifiers. The password may be the text
 * itself or a verifier already ({@code 'SCRAM-SHA-256$4096:...'}, what psql's {@code \password}
 * sends, so the password never crosses the wire). A connection from the server's own machine may
 * create, change and drop any user; one from elsewhere may change its own password only (Sluice has
 * no roles to grant that right, so the machine's operator holds it). Without a password file the
 * server trusts its local clients and has no users to keep.
 */
final class UserCommands {
  private static final String NAME = "(\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)";
  private static final String PASSWORD = "PASSWORD\\s+'((?:[^']|'')*)'";
  private static final Pattern CREATE = Pattern.compile(
      "(?is)\\s*CREATE\\s+USER\\s+" + NAME + "(?:\\s+WITH)?(?:\\s+LOGIN)?(?:\\s+" + PASSWORD + ")?(?:\\s+LOGIN)?\\s*;?\\s*");
  private static final Pattern ALTER = Pattern.compile(
      "(?is)\\s*ALTER\\s+(?:USER|ROLE)\\s+" + NAME + "(?:\\s+WITH)?\\s+" + PASSWORD + "\\s*;?\\s*");
  private static final Pattern DROP = Pattern.compile(
      "(?is)\\s*DROP\\s+(?:USER|ROLE)\\s+(IF\\s+EXISTS\\s+)?" + NAME + "\\s*;?\\s*");
  private static final Pattern ANY = Pattern.compile("(?is)\\s*(CREATE|ALTER|DROP)\\s+(USER|ROLE)\\b.*");

  private UserCommands() {}

  /**
   * The answer to {@code sql} if it is one of these statements, else null.
   *
   * @param passwords the server's password file, or null when it has none
   * @param user who is connected
   * @param local whether the connection comes from the server's own machine (a loopback address)
   */
  static Execution handle(String sql, PasswordFile passwords, String user, boolean local) throws SQLException {
    if (!ANY.matcher(sql).matches()) {
      return null;
    }
    if (passwords == null) {
      throw new SQLException("This server keeps no users: it trusts local clients. Start it with --password-file FILE"
          + " to keep users there (then CREATE USER adds to it)", "55000");
    }
    Matcher m;
    try {
      if ((m = CREATE.matcher(sql)).matches()) {
        String name = name(m.group(1));
        mayChange(name, user, local, false);
        if (m.group(2) == null) {
          throw new SQLException("CREATE USER needs a PASSWORD: Sluice's users log in with one", "0A000");
        }
        if (passwords.has(name)) {
          throw new SQLException("role \"" + name + "\" already exists", "42710");
        }
        passwords.put(name, verifier(m.group(2)));
        return Execution.command("CREATE ROLE", null);
      }
      if ((m = ALTER.matcher(sql)).matches()) {
        String name = name(m.group(1));
        mayChange(name, user, local, true);
        exists(passwords, name);
        passwords.put(name, verifier(m.group(2)));
        return Execution.command("ALTER ROLE", null);
      }
      if ((m = DROP.matcher(sql)).matches()) {
        String name = name(m.group(2));
        mayChange(name, user, local, false);
        if (!passwords.has(name) && m.group(1) != null) {
          return Execution.command("DROP ROLE", new java.sql.SQLWarning("role \"" + name + "\" does not exist, skipping",
              "00000"));
        }
        exists(passwords, name);
        if (passwords.size() == 1) {
          throw new SQLException("cannot drop \"" + name + "\", the last user: the server would have none to let in",
              "55000");
        }
        passwords.remove(name);
        return Execution.command("DROP ROLE", null);
      }
    } catch (IOException e) {
      throw new SQLException("cannot write the password file: " + e.getMessage(), "58030", e);
    } catch (IllegalArgumentException e) {
      throw new SQLException(e.getMessage(), "22023", e);
    }
    throw new SQLException("Sluice's users have a name and a password and nothing else: CREATE USER name PASSWORD"
        + " '...', ALTER USER name PASSWORD '...', DROP USER name", "0A000");
  }

  private static void mayChange(String name, String user, boolean local, boolean ownPasswordAllowed)
      throws SQLException {
    if (!local && !(ownPasswordAllowed && name.equals(user))) {
      throw new SQLException("permission denied: only a connection from the server's own machine may create, drop"
          + " or change another user (a user may change its own password from anywhere)", "42501");
    }
  }

  private static void exists(PasswordFile passwords, String name) throws SQLException {
    if (!passwords.has(name)) {
      throw new SQLException("role \"" + name + "\" does not exist", "42704");
    }
  }

  /** A verifier as given ({@code SCRAM-SHA-256$...}), or one made from the password's text. */
  private static ScramVerifier verifier(String literal) {
    String text = literal.replace("''", "'");
    if (text.startsWith("SCRAM-SHA-256$")) {
      return ScramVerifier.parse(text);
    }
    if (text.matches("md5[0-9a-f]{32}")) {
      throw new IllegalArgumentException("an MD5 password hash is not taken: SCRAM-SHA-256 only");
    }
    if (text.isEmpty()) {
      throw new IllegalArgumentException("a password must not be empty");
    }
    return ScramVerifier.create(text, ScramVerifier.DEFAULT_ITERATIONS);
  }

  /** A name as PostgreSQL reads it: unquoted folded to lower case, quoted as written. */
  private static String name(String text) {
    return text.startsWith("\"") ? text.substring(1, text.length() - 1).replace("\"\"", "\"")
        : text.toLowerCase(Locale.ROOT);
  }
}
