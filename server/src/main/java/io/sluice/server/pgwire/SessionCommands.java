package io.sluice.server.pgwire;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Statements PostgreSQL clients send that are about the connection, not about data, answered by
 * the server itself: transaction control (Sluice has no transactions: every statement takes effect
 * when it completes, as in auto-commit; a block is remembered only for the status ReadyForQuery
 * reports), PostgreSQL's own settings ({@code SET datestyle TO ISO}, {@code SHOW
 * standard_conforming_strings}: an unquoted name, where Sluice's options are quoted), {@code
 * DISCARD}, {@code DEALLOCATE} and {@code RESET}.
 */
final class SessionCommands {
  private static final Pattern TRANSACTION = Pattern.compile(
      "(?is)\\s*(BEGIN|START\\s+TRANSACTION|COMMIT|END|ROLLBACK|ABORT)\\b[^;]*;?\\s*");
  private static final Pattern PG_SET = Pattern.compile(
      "(?is)\\s*SET\\s+(?:SESSION\\s+|LOCAL\\s+)?([a-z_][a-z0-9_]*)\\s*(?:=|\\bTO\\b)\\s*(.*?)\\s*;?\\s*");
  private static final Pattern PG_SET_TIME_ZONE = Pattern.compile("(?is)\\s*SET\\s+TIME\\s+ZONE\\s+(.*?)\\s*;?\\s*");
  private static final Pattern PG_SHOW = Pattern.compile("(?is)\\s*SHOW\\s+([a-z_][a-z0-9_.]*)\\s*;?\\s*");
  /** Functions about the session that clients call alone (PgJDBC's getCatalog, DBeaver's version check). */
  private static final String FUNCTION =
      "(?:pg_catalog\\.)?(?:current_database|current_catalog|current_schema|version|current_user|session_user)"
          + "\\s*(?:\\(\\s*\\))?";
  /** One or more of them in one SELECT (DBeaver: {@code SELECT current_schema(),session_user}). */
  private static final Pattern SESSION_FUNCTIONS = Pattern.compile(
      "(?is)\\s*SELECT\\s+(" + FUNCTION + "(?:\\s*,\\s*" + FUNCTION + ")*)\\s*;?\\s*");
  /** DBeaver's look at one setting: {@code SELECT * FROM pg_catalog.pg_settings where name='...'}. */
  private static final Pattern PG_SETTINGS = Pattern.compile(
      "(?is)\\s*SELECT\\s+\\*\\s+FROM\\s+(?:pg_catalog\\.)?pg_settings\\s+WHERE\\s+name\\s*=\\s*'([a-z_]+)'\\s*;?\\s*");
  private static final Pattern IGNORED = Pattern.compile(
      "(?is)\\s*(DISCARD\\s+ALL|DEALLOCATE\\b.*|RESET\\b.*|SET\\s+SESSION\\s+CHARACTERISTICS\\b.*"
          + "|SET\\s+TRANSACTION\\b.*)\\s*;?\\s*");

  /** Transaction status for ReadyForQuery. */
  private char status = 'I';
  /** Whether a statement of the open block changed something (then a ROLLBACK warns that it stays). */
  private boolean changedInBlock;
  private final Map<String, String> settings = new LinkedHashMap<>();

  SessionCommands(String serverVersion) {
    settings.put("server_version", serverVersion);
    settings.put("server_encoding", "UTF8");
    settings.put("client_encoding", "UTF8");
    settings.put("datestyle", "ISO, MDY");
    settings.put("intervalstyle", "postgres");
    settings.put("timezone", "UTC");
    settings.put("integer_datetimes", "on");
    settings.put("standard_conforming_strings", "on");
    settings.put("transaction_isolation", "read committed");
    settings.put("transaction_read_only", "off");
    settings.put("max_identifier_length", "63");
    settings.put("search_path", "public");
    settings.put("application_name", "");
    settings.put("password_encryption", "scram-sha-256"); // what psql's \password asks before hashing
  }

  /** The settings clients learn at start-up (ParameterStatus), with their PostgreSQL names. */
  Map<String, String> reported() {
    Map<String, String> r = new LinkedHashMap<>();
    r.put("server_version", settings.get("server_version"));
    r.put("server_encoding", "UTF8");
    r.put("client_encoding", "UTF8");
    r.put("DateStyle", settings.get("datestyle"));
    r.put("IntervalStyle", settings.get("intervalstyle"));
    r.put("TimeZone", settings.get("timezone"));
    r.put("integer_datetimes", "on");
    r.put("standard_conforming_strings", "on");
    r.put("is_superuser", "off");
    r.put("application_name", settings.get("application_name"));
    return r;
  }

  void setStartupParameter(String name, String value) {
    String key = name.toLowerCase(Locale.ROOT);
    if (key.equals("database") || key.equals("user")) {
      settings.put(key, value); // what current_database() and current_user answer; not reported as settings
      return;
    }
    if (settings.containsKey(key) && !key.startsWith("server_") && !key.equals("client_encoding")) {
      settings.put(key, value);
    }
  }

  /** The user the connection logged in as. */
  String user() {
    return settings.get("user");
  }

  char status() {
    return status;
  }

  /**
   * A statement changed something (DDL, DML, a setting): a ROLLBACK of its block warns that it
   * stays. A block that only read (psql's FETCH_COUNT cursor, ended by a ROLLBACK after a cancel)
   * is rolled back without a word, as in PostgreSQL.
   */
  void changed() {
    if (status != 'I') {
      changedInBlock = true;
    }
  }

  /** A statement failed: inside a block, the block is failed until it ends. */
  void failed() {
    if (status == 'T') {
      status = 'E';
    }
  }

  /** The statement's answer if it is one of these commands, else null (then Sluice runs it). */
  Execution handle(String sql) {
    Matcher m = TRANSACTION.matcher(sql);
    if (m.matches()) {
      String verb = m.group(1).toUpperCase(Locale.ROOT).split("\\s+")[0];
      switch (verb) {
        case "BEGIN":
        case "START":
          status = 'T';
          changedInBlock = false;
          return Execution.command(verb.equals("START") ? "START TRANSACTION" : "BEGIN", null);
        case "ROLLBACK":
        case "ABORT": {
          boolean warn = status != 'I' && changedInBlock;
          status = 'I';
          return Execution.command("ROLLBACK", warn ? new java.sql.SQLWarning(
              "Sluice has no transactions: the statements since BEGIN took effect as each completed and are not"
                  + " rolled back", "01000") : null);
        }
        default:
          status = 'I';
          return Execution.command("COMMIT", null);
      }
    }
    m = PG_SET_TIME_ZONE.matcher(sql);
    if (m.matches()) {
      settings.put("timezone", unquote(m.group(1)));
      return Execution.command("SET", null);
    }
    m = PG_SET.matcher(sql);
    if (m.matches()) {
      settings.put(m.group(1).toLowerCase(Locale.ROOT), unquote(m.group(2)));
      return Execution.command("SET", null);
    }
    m = PG_SHOW.matcher(sql);
    if (m.matches() && settings.containsKey(m.group(1).toLowerCase(Locale.ROOT))) {
      String name = m.group(1).toLowerCase(Locale.ROOT);
      return Execution.rows(ResultRows.of(List.of(name), List.of(PgType.TEXT),
          List.<String[]>of(new String[] {settings.get(name)})), "SHOW", null, null);
    }
    m = SESSION_FUNCTIONS.matcher(sql);
    if (m.matches()) {
      List<String> names = new java.util.ArrayList<>();
      List<String> values = new java.util.ArrayList<>();
      for (String call : m.group(1).split(",")) {
        String function = call.replaceAll("(?s)\\(.*", "").strip().toLowerCase(Locale.ROOT).replace("pg_catalog.", "");
        names.add(function);
        values.add(sessionFunction(function));
      }
      return Execution.rows(ResultRows.of(names, java.util.Collections.nCopies(names.size(), PgType.TEXT),
          List.<String[]>of(values.toArray(new String[0]))), "SELECT", null, null);
    }
    m = PG_SETTINGS.matcher(sql);
    if (m.matches()) {
      String name = m.group(1).toLowerCase(Locale.ROOT);
      List<String[]> rows = settings.containsKey(name) && !name.equals("database") && !name.equals("user")
          ? List.<String[]>of(new String[] {name, settings.get(name), null, "Sluice", "", "user", "string", "session"})
          : List.of();
      return Execution.rows(ResultRows.of(List.of("name", "setting", "unit", "category", "short_desc", "context",
          "vartype", "source"), java.util.Collections.nCopies(8, PgType.TEXT), rows), "SELECT", null, null);
    }
    if (IGNORED.matcher(sql).matches()) {
      return Execution.command(CommandTags.of(sql, -1), null);
    }
    return null;
  }

  /** The database the client named at start-up (what {@code current_database()} answers). */
  String database() {
    return settings.getOrDefault("database", "sluice");
  }

  private String sessionFunction(String function) {
    switch (function) {
      case "current_database":
      case "current_catalog": return database();
      case "current_schema": return "public";
      case "version": return "PostgreSQL " + settings.get("server_version") + " (Sluice "
          + io.sluice.jdbc.SluiceDriver.version() + ")";
      default: return settings.getOrDefault("user", "");
    }
  }

  private static String unquote(String value) {
    String v = value.strip();
    if (v.length() >= 2 && (v.startsWith("'") && v.endsWith("'"))) {
      return v.substring(1, v.length() - 1).replace("''", "'");
    }
    return v;
  }
}
