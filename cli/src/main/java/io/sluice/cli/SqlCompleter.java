package io.sluice.cli;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion for the shell: keywords, the catalog's tables, views, sources and sinks and
 * their columns, functions (all read through the driver's {@link DatabaseMetaData}, so the
 * completion is always current), option keys, and the shell's commands at the start of a line.
 */
final class SqlCompleter implements Completer {
  private final Connection connection;

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
      try (ResultSet rs = md.getColumns(null, null, "%", "%")) {
        while (rs.next()) {
          columns.add(qualified ? rs.getString("TABLE_NAME") + "." + rs.getString("COLUMN_NAME")
              : rs.getString("COLUMN_NAME"));
        }
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
}
