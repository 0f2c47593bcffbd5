package io.sluice.jdbc;

import io.sluice.engine.Database;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Locale;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The JDBC driver for Sluice. Accepted URLs:
 * <ul>
 *   <li>{@code jdbc:sluice:} a new private in-memory database for each connection;</li>
 *   <li>{@code jdbc:sluice:mem:NAME} the in-memory database NAME, shared by every connection
 *       to it within the JVM;</li>
 *   <li>{@code jdbc:sluice:check:} a new private database that checks statements instead of
 *       running them ({@link Database#checkOnly()}): what {@code sluice validate} uses.</li>
 * </ul>
 * Connection properties other than {@code user} and {@code password} are set as session
 * options, as {@code SET 'key' = 'value'} would.
 */
public final class SluiceDriver implements Driver {
  /** Prefix of every URL this driver takes. */
  public static final String URL_PREFIX = "jdbc:sluice:";
  static final String ACCEPTED_FORMS = "jdbc:sluice: (private in-memory database), jdbc:sluice:mem:NAME"
      + " (in-memory database shared by NAME) or jdbc:sluice:check: (checks statements, runs none)";
  static final int MAJOR_VERSION = 0;
  static final int MINOR_VERSION = 1;
  /** Used when the classes do not come from a jar with an Implementation-Version (tests, IDE). */
  static final String FALLBACK_VERSION = "0.1.0-SNAPSHOT";

  static {
    try {
      DriverManager.registerDriver(new SluiceDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null; // the JDBC contract: another driver may take this URL
    }
    Database database = database(url);
    return new SluiceConnection(database, url, info == null ? new Properties() : info);
  }

  /** The database a URL names; an error naming the URL and the accepted forms if it names none. */
  static Database database(String url) throws SQLException {
    String rest = url.substring(URL_PREFIX.length());
    if (rest.isEmpty()) {
      return Database.inMemory();
    }
    if (rest.equalsIgnoreCase("check:")) {
      return Database.checkOnly();
    }
    if (rest.toLowerCase(Locale.ROOT).startsWith("mem:")) {
      String name = rest.substring("mem:".length());
      if (!name.isEmpty() && name.chars().noneMatch(Character::isWhitespace)) {
        return Database.named(name);
      }
      throw new SQLException("Invalid Sluice URL '" + url + "': the database name after 'mem:' must be non-empty"
          + " and contain no spaces. Accepted forms: " + ACCEPTED_FORMS, "08001");
    }
    throw new SQLException("Invalid Sluice URL '" + url + "'. Accepted forms: " + ACCEPTED_FORMS, "08001");
  }

  @Override
  public boolean acceptsURL(String url) {
    return url != null && url.regionMatches(true, 0, URL_PREFIX, 0, URL_PREFIX.length());
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    DriverPropertyInfo user = new DriverPropertyInfo("user", info == null ? null : info.getProperty("user"));
    user.description = "Reported by DatabaseMetaData.getUserName; Sluice does not authenticate";
    DriverPropertyInfo password = new DriverPropertyInfo("password", null);
    password.description = "Ignored: Sluice does not authenticate";
    return new DriverPropertyInfo[] {user, password};
  }

  @Override
  public int getMajorVersion() {
    return MAJOR_VERSION;
  }

  @Override
  public int getMinorVersion() {
    return MINOR_VERSION;
  }

  /** Not fully JDBC compliant: no transactions, no updatable or scrollable result sets. */
  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw Errors.unsupported("getParentLogger", "the driver does not log through java.util.logging");
  }

  /** The version of the jar the driver came from, or {@link #FALLBACK_VERSION}. */
  public static String version() {
    String v = SluiceDriver.class.getPackage().getImplementationVersion();
    return v != null ? v : FALLBACK_VERSION;
  }
}
