package io.sluice.cli;

import java.io.PrintStream;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.jline.utils.WCWidth;

/**
 * Draws a result as a table with Unicode box characters: numbers right-aligned, NULL shown as
 * {@code NULL}, control characters escaped so that every row stays on one line.
 */
final class TableRenderer {
  static final String NULL_TEXT = "NULL";
  private final int maxColumnWidth;

  /** @param maxColumnWidth widest a column may be before its values are cut with "…"; 0 for no limit */
  TableRenderer(int maxColumnWidth) {
    this.maxColumnWidth = maxColumnWidth;
  }

  /** Reads every row of {@code rs}, prints the table, and returns the number of rows. */
  long render(ResultSet rs, PrintStream out) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int columns = md.getColumnCount();
    String[] header = new String[columns];
    boolean[] rightAligned = new boolean[columns];
    for (int c = 0; c < columns; c++) {
      header[c] = clean(md.getColumnLabel(c + 1));
      rightAligned[c] = isNumeric(md.getColumnType(c + 1));
    }
    List<String[]> rows = new ArrayList<>();
    while (rs.next()) {
      String[] row = new String[columns];
      for (int c = 0; c < columns; c++) {
        String value = rs.getString(c + 1);
        row[c] = value == null ? NULL_TEXT : clean(value);
      }
      rows.add(row);
    }
    out.print(format(header, rightAligned, rows));
    return rows.size();
  }

  /** The table as text, one line per row plus the borders, each line ending in a newline. */
  String format(String[] header, boolean[] rightAligned, List<String[]> rows) {
    int columns = header.length;
    int[] widths = new int[columns];
    for (int c = 0; c < columns; c++) {
      widths[c] = width(header[c]);
      for (String[] row : rows) {
        widths[c] = Math.max(widths[c], width(row[c]));
      }
      if (maxColumnWidth > 0) {
        widths[c] = Math.min(widths[c], maxColumnWidth);
      }
    }
    StringBuilder sb = new StringBuilder();
    border(sb, widths, '┌', '┬', '┐');
    line(sb, header, widths, new boolean[columns]);
    border(sb, widths, '├', '┼', '┤');
    for (String[] row : rows) {
      line(sb, row, widths, rightAligned);
    }
    border(sb, widths, '└', '┴', '┘');
    return sb.toString();
  }

  private static void border(StringBuilder sb, int[] widths, char left, char middle, char right) {
    sb.append(left);
    for (int c = 0; c < widths.length; c++) {
      if (c > 0) {
        sb.append(middle);
      }
      sb.append("─".repeat(widths[c] + 2));
    }
    sb.append(right).append('\n');
  }

  private void line(StringBuilder sb, String[] cells, int[] widths, boolean[] rightAligned) {
    sb.append('│');
    for (int c = 0; c < cells.length; c++) {
      if (c > 0) {
        sb.append('│');
      }
      String text = fit(cells[c], widths[c]);
      String padding = " ".repeat(widths[c] - width(text));
      sb.append(' ');
      if (rightAligned[c]) {
        sb.append(padding).append(text);
      } else {
        sb.append(text).append(padding);
      }
      sb.append(' ');
    }
    sb.append("│\n");
  }

  /** The text cut to {@code width} columns, ending in "…" when cut. */
  private static String fit(String text, int width) {
    if (width(text) <= width) {
      return text;
    }
    StringBuilder sb = new StringBuilder();
    int used = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int w = Math.max(0, WCWidth.wcwidth(cp));
      if (used + w > width - 1) {
        break;
      }
      sb.appendCodePoint(cp);
      used += w;
      i += Character.charCount(cp);
    }
    return sb.append('…').toString();
  }

  /** Columns the text takes on a terminal: East Asian wide characters take two. */
  static int width(String text) {
    int width = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      width += Math.max(0, WCWidth.wcwidth(cp));
      i += Character.charCount(cp);
    }
    return width;
  }

  /** Escapes line breaks, tabs and other control characters, which would break the table's lines. */
  static String clean(String text) {
    StringBuilder sb = null;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      String replacement = null;
      if (ch == '\n') {
        replacement = "\\n";
      } else if (ch == '\r') {
        replacement = "\\r";
      } else if (ch == '\t') {
        replacement = "\\t";
      } else if (Character.isISOControl(ch)) {
        replacement = String.format("\\u%04x", (int) ch);
      }
      if (replacement != null && sb == null) {
        sb = new StringBuilder(text.substring(0, i));
      }
      if (sb != null) {
        sb.append(replacement != null ? replacement : String.valueOf(ch));
      }
    }
    return sb == null ? text : sb.toString();
  }

  static boolean isNumeric(int sqlType) {
    switch (sqlType) {
      case Types.TINYINT: case Types.SMALLINT: case Types.INTEGER: case Types.BIGINT: case Types.DECIMAL:
      case Types.NUMERIC: case Types.REAL: case Types.FLOAT: case Types.DOUBLE:
        return true;
      default:
        return false;
    }
  }
}
