package io.sluice.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * A query's result as sqllogictest writes it: one text per value ({@code NULL}, {@code (empty)},
 * integers for {@code I}, three decimals for {@code R}), sorted as the record asks, and the MD5
 * hash of those texts each followed by a newline.
 */
final class SqlLogicValues {
  private SqlLogicValues() {}

  /** Reads every row of {@code rows} into value texts in the record's order. */
  static List<String> read(ResultSet rows, String types, SqlLogicScript.SortMode sort) throws SQLException {
    int columns = rows.getMetaData().getColumnCount();
    List<String[]> table = new ArrayList<>();
    while (rows.next()) {
      String[] row = new String[columns];
      for (int c = 0; c < columns; c++) {
        char type = c < types.length() ? types.charAt(c) : 'T';
        row[c] = format(rows.getObject(c + 1), type);
      }
      table.add(row);
    }
    if (sort == SqlLogicScript.SortMode.ROWS) {
      table.sort(SqlLogicValues::compareRows);
    }
    List<String> values = new ArrayList<>(table.size() * columns);
    for (String[] row : table) {
      values.addAll(Arrays.asList(row));
    }
    if (sort == SqlLogicScript.SortMode.VALUES) {
      values.sort(Comparator.naturalOrder());
    }
    return values;
  }

  /** Whether {@code values} are what {@code query} expects. */
  static boolean matches(SqlLogicScript.Query query, List<String> values) {
    if (query.expectedHash() == null) {
      return values.equals(query.expected());
    }
    return values.size() == query.expectedCount() && md5(values).equals(query.expectedHash());
  }

  static String md5(List<String> values) {
    try {
      MessageDigest digest = MessageDigest.getInstance("MD5");
      for (String value : values) {
        digest.update(value.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is part of every JVM", e);
    }
  }

  private static String format(Object value, char type) {
    if (value == null) {
      return "NULL";
    }
    return switch (type) {
      case 'I' -> value instanceof Number n ? Long.toString(n.longValue()) : Long.toString(leadingInteger(value.toString()));
      case 'R' -> String.format(Locale.ROOT, "%.3f", value instanceof Number n ? n.doubleValue() : 0.0);
      default -> text(value.toString());
    };
  }

  private static String text(String value) {
    if (value.isEmpty()) {
      return "(empty)";
    }
    StringBuilder printable = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      printable.append(ch < ' ' || ch > '~' ? '@' : ch);
    }
    return printable.toString();
  }

  /** The integer a text starts with, as C's {@code atoi} reads it (0 when there is none). */
  private static long leadingInteger(String text) {
    int end = 0;
    String s = text.strip();
    if (end < s.length() && (s.charAt(end) == '-' || s.charAt(end) == '+')) {
      end++;
    }
    while (end < s.length() && Character.isDigit(s.charAt(end))) {
      end++;
    }
    try {
      return Long.parseLong(s.substring(0, end));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static int compareRows(String[] a, String[] b) {
    for (int c = 0; c < a.length; c++) {
      int order = a[c].compareTo(b[c]);
      if (order != 0) {
        return order;
      }
    }
    return 0;
  }
}
