package io.sluice.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * The records of one file in SQLite's sqllogictest format ({@code statement ok}, {@code statement
 * error}, {@code query <types> <sort> [label]} with its expected values or their hash), as the
 * benchmark runs them. Records marked {@code onlyif} another engine, or {@code skipif} Sluice,
 * are left out; {@code halt} ends the file.
 */
final class SqlLogicScript {
  /** How a query's values are ordered before they are compared. */
  enum SortMode { NONE, ROWS, VALUES }

  /** One record of the file. */
  sealed interface Record permits Statement, Query {
    String sql();

    int line();
  }

  /** A statement expected to succeed or to fail. */
  record Statement(String sql, boolean expectError, int line) implements Record {}

  /**
   * A query with its column types ({@code I}, {@code R}, {@code T}), sort mode and expected
   * values: either listed one per line, or as a count and an MD5 hash ({@code expectedHash}).
   */
  record Query(String sql, String types, SortMode sort, List<String> expected, int expectedCount,
      String expectedHash, int line) implements Record {}

  /** The engine name that {@code skipif}/{@code onlyif} lines are matched against. */
  static final String ENGINE = "sluice";

  private SqlLogicScript() {}

  /** Parses the text of one {@code .test} file. */
  static List<Record> parse(String text) {
    String[] lines = text.split("\n", -1);
    List<Record> records = new ArrayList<>();
    int i = 0;
    boolean skip = false;
    while (i < lines.length) {
      String line = lines[i].strip();
      int start = i + 1;
      i++;
      if (line.isEmpty() || line.startsWith("#") || line.startsWith("hash-threshold")) {
        continue;
      }
      if (line.equals("halt")) {
        if (!skip) {
          break;
        }
        skip = false;
        continue;
      }
      if (line.startsWith("skipif ")) {
        skip |= line.substring(7).strip().equals(ENGINE);
        continue;
      }
      if (line.startsWith("onlyif ")) {
        skip |= !line.substring(7).strip().equals(ENGINE);
        continue;
      }
      StringBuilder sql = new StringBuilder();
      while (i < lines.length && !lines[i].isBlank() && !lines[i].equals("----")) {
        sql.append(sql.length() == 0 ? "" : "\n").append(lines[i]);
        i++;
      }
      List<String> expected = new ArrayList<>();
      if (i < lines.length && lines[i].equals("----")) {
        i++;
        while (i < lines.length && !lines[i].isEmpty()) {
          expected.add(lines[i].strip());
          i++;
        }
      }
      if (!skip) {
        records.add(record(line, sql.toString(), expected, start));
      }
      skip = false;
    }
    return records;
  }

  private static Record record(String header, String sql, List<String> expected, int line) {
    String[] words = header.split("\\s+");
    if (words[0].equals("statement")) {
      return new Statement(sql, words.length > 1 && words[1].equals("error"), line);
    }
    if (!words[0].equals("query")) {
      throw new IllegalArgumentException("line " + line + ": unknown record '" + header + "'");
    }
    SortMode sort = words.length < 3 ? SortMode.NONE : switch (words[2]) {
      case "rowsort" -> SortMode.ROWS;
      case "valuesort" -> SortMode.VALUES;
      default -> SortMode.NONE;
    };
    if (expected.size() == 1 && expected.get(0).contains(" values hashing to ")) {
      String[] parts = expected.get(0).split(" values hashing to ");
      return new Query(sql, words[1], sort, List.of(), Integer.parseInt(parts[0].strip()), parts[1].strip(), line);
    }
    return new Query(sql, words[1], sort, List.copyOf(expected), expected.size(), null, line);
  }
}
