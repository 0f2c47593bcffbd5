package io.sluice.cli;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion for the shell: keywords, the catalog's tables, views, sources and sinks and
 * their columns, functions (all read through the driver's {@link DatabaseMetaData}, so the
 * completion is always current), option keys, and the shell's commands at the start of a line.
 * It reads the statement around the cursor: inside {@code SET '...} it offers option keys only,
 * and once the statement names tables (FROM, JOIN, ...) only those tables' columns.
 */
final class SqlCompleter implements Completer {
  private final Connection connection;

  /** The text before the cursor ends inside the quoted key of a {@code SET}. */
  private static final Pattern OPTION_KEY_EXPECTED = Pattern.compile("(?is)\\bSET\\s+'[^']*$");
  /** A table named by the statement, after FROM, JOIN, UPDATE, INTO, TABLE or DESCRIBE. */
  private static final Pattern NAMED_TABLE =
      Pattern.compile("(?i)\\b(?:FROM|JOIN|UPDATE|INTO|TABLE|DESCRIBE)\\s+\"?([A-Za-z_][A-Za-z0-9_$]*)");

  SqlCompleter(Connection connection) {
    this.connection = connection;
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    String word = line.word().substring(0, Math.min(line.wordCursor(), line.word().length()));
    boolean lineStart = line.wordIndex() == 0 && !line.line().contains("\n");
    if (lineStart && (word.startsWith("\\") || word.startsWith("."))) {
      for (String name : ShellCommands.NAMES) {
        candidates.add(new Candidate(name, name, "commands", null, null, null, true));
      }
      return;
    }
    String before = line.line().substring(0, Math.min(line.cursor(), line.line().length()));
    if (OPTION_KEY_EXPECTED.matcher(before).find()) {
      // SET 'pipeline.tri<Tab>: only option keys make sense here, quoted or not as the word is
      for (String key : SqlWords.OPTION_KEYS) {
        candidates.add(new Candidate(key, key, "options", null, null, null, false));
        String bare = key.substring(1, key.length() - 1);
        candidates.add(new Candidate(bare, bare, "options", null, null, null, false));
      }
      return;
    }
    boolean lower = !word.isEmpty() && Character.isLowerCase(word.charAt(0));
    for (String keyword : SqlWords.KEYWORDS) {
      String value = lower ? keyword.toLowerCase(Locale.ROOT) : keyword;
      candidates.add(new Candidate(value, value, "keywords", null, null, null, true));
    }
    for (String key : SqlWords.OPTION_KEYS) {
      candidates.add(new Candidate(key, key, "options", null, null, null, false));
    }
    if (lineStart) {
      for (String name : ShellCommands.NAMES) {
        candidates.add(new Candidate(name, name, "commands", null, null, null, true));
      }
    }
    try {
      DatabaseMetaData md = connection.getMetaData();
      Set<String> columns = new TreeSet<>();
      try (ResultSet rs = md.getTables(null, null, "%", null)) {
        while (rs.next()) {
          String name = rs.getString("TABLE_NAME");
          String kind = rs.getString("TABLE_TYPE").toLowerCase(Locale.ROOT);
          candidates.add(new Candidate(name, name, kind + "s", null, null, null, true));
        }
      }
      boolean qualified = word.indexOf('.') > 0;
      Set<String> named = namedTables(line.line());
      if (qualified) {
        named.add(word.substring(0, word.indexOf('.')).toLowerCase(Locale.ROOT)); // keep.na<Tab>
      }
      Set<String> allColumns = new TreeSet<>();
      try (ResultSet rs = md.getColumns(null, null, "%", "%")) {
        while (rs.next()) {
          String table = rs.getString("TABLE_NAME");
          String column = qualified ? table + "." + rs.getString("COLUMN_NAME") : rs.getString("COLUMN_NAME");
          allColumns.add(column);
          if (named.contains(table.toLowerCase(Locale.ROOT))) {
            columns.add(column);
          }
        }
      }
      if (columns.isEmpty()) {
        columns = allColumns; // the statement names no table (yet): any table's columns may be meant
      }
      for (String column : columns) {
        candidates.add(new Candidate(column, column, "columns", null, null, null, true));
      }
      Set<String> functions = new TreeSet<>();
      try (ResultSet rs = md.getFunctions(null, null, "%")) {
        while (rs.next()) {
          functions.add(rs.getString("FUNCTION_NAME").toLowerCase(Locale.ROOT));
        }
      }
      for (String function : functions) {
        candidates.add(new Candidate(function + "(", function, "functions", null, null, null, false));
      }
    } catch (SQLException e) {
      // the connection is gone: complete keywords only
    }
  }

  /**
   * The tables the statement being typed names, lower case: after {@code SELECT} or {@code WHERE}
   * of such a statement, only their columns are offered.
   */
  static Set<String> namedTables(String statement) {
    Set<String> names = new TreeSet<>();
    Matcher m = NAMED_TABLE.matcher(statement);
    while (m.find()) {
      names.add(m.group(1).toLowerCase(Locale.ROOT));
    }
    return names;
  }
}
