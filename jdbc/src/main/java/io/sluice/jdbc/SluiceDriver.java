package io.sluice.jdbc;

import io.sluice.engine.Database;
import io.sluice.engine.Session;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.SQLNonTransientConnectionException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The JDBC driver for Sluice. Accepted URLs:
 * <ul>
 *   <li>{@code jdbc:sluice:} a new private in-memory database for each connection;</li>
 *   <li>{@code jdbc:sluice:mem:NAME} the in-memory database NAME, shared by every connection
 *       to it within the JVM;</li>
 *   <li>{@code jdbc:sluice:file:PATH} the database kept in folder PATH (created if needed), shared
 *       by every connection to it within the JVM; another process cannot open it meanwhile;</li>
 *   <li>{@code jdbc:sluice:check:} a new private database that checks statements instead of
 *       running them ({@link Database#checkOnly()}): what {@code sluice validate} uses.</li>
 * </ul>
 * Any of them may end in {@code ;key=value} pairs, set as session options as
 * {@code SET 'key' = 'value'} would; so are connection properties other than {@code user} and
 * {@code password} (they win over the URL's). An unknown key is refused with its name.
 */
public final class SluiceDriver implements Driver {
  /** Prefix of every URL this driver takes. */
  public static final String URL_PREFIX = "jdbc:sluice:";
  static final String ACCEPTED_FORMS = "jdbc:sluice: (private in-memory database), jdbc:sluice:mem:NAME"
      + " (in-memory database shared by NAME), jdbc:sluice:file:PATH (database kept in folder PATH) or"
      + " jdbc:sluice:check: (checks statements, runs none), each optionally followed by ;key=value session options";
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
    Map<String, String> options = urlOptions(url);
    Database database = database(url);
    return new SluiceConnection(database, url, options, info == null ? new Properties() : info);
  }

  /** The {@code ;key=value} options at the end of a URL, in order. */
  static Map<String, String> urlOptions(String url) throws SQLException {
    Map<String, String> options = new LinkedHashMap<>();
    String[] parts = url.split(";", -1);
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i].trim();
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new SQLNonTransientConnectionException("Invalid Sluice URL '" + url + "': option '" + part
            + "' is not of the form key=value", "08001");
      }
      options.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
    }
    return options;
  }

  /** The database a URL names; an error naming the URL and the accepted forms if it names none. */
  static Database database(String url) throws SQLException {
    int semicolon = url.indexOf(';');
    String rest = url.substring(URL_PREFIX.length(), semicolon < 0 ? url.length() : semicolon);
    if (rest.toLowerCase(Locale.ROOT).startsWith("file:")) {
      String path = rest.substring("file:".length());
      if (path.isBlank()) {
        throw new SQLException("Invalid Sluice URL '" + url + "': a folder must follow 'file:'. Accepted forms: "
            + ACCEPTED_FORMS, "08001");
      }
      try {
        return Database.open(Path.of(path));
      } catch (InvalidPathException e) {
        throw new SQLException("Invalid Sluice URL '" + url + "': " + e.getMessage(), "08001", e);
      } catch (RuntimeException e) {
        throw Errors.translate(e);
      }
    }
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

  /** {@code user}, {@code password} and every session option, with the value the URL or properties give it. */
  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
    Map<String, String> given = url != null && acceptsURL(url) ? urlOptions(url) : new LinkedHashMap<>();
    if (info != null) {
      for (String key : info.stringPropertyNames()) {
        given.put(key, info.getProperty(key));
      }
    }
    List<DriverPropertyInfo> properties = new ArrayList<>();
    DriverPropertyInfo user = new DriverPropertyInfo("user", given.get("user"));
    user.description = "Reported by DatabaseMetaData.getUserName; Sluice does not authenticate";
    properties.add(user);
    DriverPropertyInfo password = new DriverPropertyInfo("password", null);
    password.description = "Ignored: Sluice does not authenticate";
    properties.add(password);
    for (String key : Session.optionKeys()) {
      String value = given.get(key);
      DriverPropertyInfo option = new DriverPropertyInfo(key, value != null ? value : Session.optionDefault(key));
      option.description = "Session option, as SET '" + key + "' = '...' sets it";
      properties.add(option);
    }
    return properties.toArray(new DriverPropertyInfo[0]);
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
