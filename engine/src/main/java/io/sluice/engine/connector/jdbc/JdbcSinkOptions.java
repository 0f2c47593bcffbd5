package io.sluice.engine.connector.jdbc;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.NameMatcher;
import io.sluice.catalog.SluiceException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checked options of a {@code jdbc} sink. Table and key names go into the statements the
 * sink sends to the database, so they are refused unless they are plain identifiers (optionally
 * qualified, {@code schema.table}): no text of an option can change a statement's meaning.
 */
final class JdbcSinkOptions {
  static final String CONNECTOR = "connector";
  static final String URL = "url";
  static final String TABLE = "table";
  static final String KEY = "key";
  static final String USER = "user";
  static final String PASSWORD = "password";
  static final String SINK_ID = "sink-id";
  static final String COMMIT_TABLE = "commit-table";
  static final String UPSERT = "upsert";
  static final String BATCH_SIZE = "batch-size";
  /** Prefix of options passed to the JDBC driver as connection properties, without the prefix. */
  static final String PROPERTIES_PREFIX = "properties.";
  private static final List<String> KEYS = List.of(CONNECTOR, URL, TABLE, KEY, USER, PASSWORD, SINK_ID,
      COMMIT_TABLE, UPSERT, BATCH_SIZE);
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");
  private static final Pattern QUALIFIED = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*){0,2}");
  private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");
  private static final Pattern URL_USER_INFO = Pattern.compile("(//[^/:@]*:)[^/@]*@");

  /** How update and changelog output is written by key. */
  enum Upsert {
    /** {@code INSERT ... ON CONFLICT (key) DO UPDATE} (PostgreSQL). */
    ON_CONFLICT,
    /** {@code UPDATE ... WHERE key = ?}, then {@code INSERT} for the rows no row was updated for: any database. */
    UPDATE_INSERT,
    /** SQL:2003 {@code MERGE INTO ... WHEN MATCHED THEN UPDATE ... WHEN NOT MATCHED THEN INSERT}: one statement per row. */
    MERGE;

    String optionValue() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  final String sinkName;
  final String url;
  final String table;
  /** The key columns as written in option {@code key}; empty for none. */
  final List<String> key;
  final String sinkId;
  final String commitTable;
  /** The upsert statement asked for, or null to choose from the database's product name. */
  final Upsert upsert;
  /** Rows sent in one JDBC batch (one round trip). */
  final int batchSize;
  /** The driver's connection properties: user, password and the {@code properties.*} options. */
  final Properties connectionProperties;

  private JdbcSinkOptions(String sinkName, Map<String, String> options) {
    this.sinkName = sinkName;
    Properties properties = new Properties();
    for (Map.Entry<String, String> option : options.entrySet()) {
      String name = option.getKey();
      if (name.startsWith(PROPERTIES_PREFIX)) {
        properties.setProperty(name.substring(PROPERTIES_PREFIX.length()), option.getValue());
      } else if (!KEYS.contains(name)) {
        throw invalid("Unknown option '" + name + "' for connector 'jdbc'." + NameMatcher.hint(name, KEYS)
            + " Valid options: " + String.join(", ", KEYS) + ", and properties.* for the JDBC driver.");
      }
    }
    url = required(options, URL, "the JDBC URL of the database, e.g. 'jdbc:postgresql://host:5432/db'");
    if (!url.startsWith("jdbc:")) {
      throw invalid("Option 'url' of sink '" + sinkName + "' must be a JDBC URL starting with 'jdbc:', not '"
          + redact(url) + "'.");
    }
    table = qualifiedName(required(options, TABLE, "the table the rows go to"), TABLE);
    key = keyColumns(options.get(KEY));
    sinkId = options.getOrDefault(SINK_ID, sinkName);
    if (sinkId.isBlank() || sinkId.length() > 200) {
      throw invalid("Option 'sink-id' of sink '" + sinkName + "' must be 1 to 200 characters long.");
    }
    commitTable = qualifiedName(options.getOrDefault(COMMIT_TABLE, "sluice_sink_commits"), COMMIT_TABLE);
    upsert = parseUpsert(options.get(UPSERT));
    batchSize = parseBatchSize(options.get(BATCH_SIZE));
    if (options.containsKey(USER)) {
      properties.setProperty("user", options.get(USER));
    }
    if (options.containsKey(PASSWORD)) {
      properties.setProperty("password", options.get(PASSWORD));
    }
    connectionProperties = properties;
  }

  static JdbcSinkOptions parse(String sinkName, Map<String, String> options) {
    return new JdbcSinkOptions(sinkName, options);
  }

  /** The URL as it may be shown: a password in it (a parameter or user information) replaced by {@code ***}. */
  static String redact(String url) {
    return URL_USER_INFO.matcher(URL_PASSWORD.matcher(url).replaceAll("$1***")).replaceAll("$1***@");
  }

  private String required(Map<String, String> options, String name, String what) {
    String value = options.get(name);
    if (value == null || value.isBlank()) {
      throw invalid("Option '" + name + "' is required for sink '" + sinkName + "' (connector 'jdbc'): " + what
          + ".");
    }
    return value.trim();
  }

  private String qualifiedName(String text, String option) {
    String name = text.trim();
    if (!QUALIFIED.matcher(name).matches()) {
      throw invalid("Option '" + option + "' of sink '" + sinkName + "' must be a table name such as 'counts' or"
          + " 'public.counts' (letters, digits, _ and $), not '" + text + "'.");
    }
    return name;
  }

  private List<String> keyColumns(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    List<String> columns = new ArrayList<>();
    for (String part : text.split(",")) {
      String column = part.trim();
      if (!IDENTIFIER.matcher(column).matches()) {
        throw invalid("Option 'key' of sink '" + sinkName + "' must list column names separated by commas, but '"
            + part.trim() + "' is not a column name.");
      }
      for (String seen : columns) {
        if (seen.equalsIgnoreCase(column)) {
          throw invalid("Option 'key' of sink '" + sinkName + "' names column '" + column + "' twice.");
        }
      }
      columns.add(column);
    }
    return Collections.unmodifiableList(columns);
  }

  private static Upsert parseUpsert(String text) {
    if (text == null) {
      return null;
    }
    List<String> names = new ArrayList<>();
    for (Upsert upsert : Upsert.values()) {
      if (upsert.optionValue().equalsIgnoreCase(text.trim())) {
        return upsert;
      }
      names.add(upsert.optionValue());
    }
    throw invalid("Unknown value '" + text + "' for option 'upsert': valid values are " + String.join(", ", names)
        + "." + NameMatcher.hint(text, names));
  }

  private int parseBatchSize(String text) {
    if (text == null) {
      return 1000;
    }
    Matcher digits = Pattern.compile("\\s*(\\d{1,7})\\s*").matcher(text);
    int size = digits.matches() ? Integer.parseInt(digits.group(1)) : 0;
    if (size <= 0) {
      throw invalid("Option 'batch-size' of sink '" + sinkName + "' must be a positive integer (at most 9999999),"
          + " not '" + text + "'.");
    }
    return size;
  }

  static SluiceException invalid(String message) {
    return new SluiceException(ErrorCode.INVALID_OPTION, message);
  }
}
