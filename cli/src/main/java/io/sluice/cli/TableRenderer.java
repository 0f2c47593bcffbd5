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
 * {@code NULL} (a null cell is a Java null; dimmed when styled, so it differs from the text
 * 'NULL'), control characters escaped so that every row stays on one line, and the table fitted
 * to a width by cutting the widest columns' values with "…".
 */
final class TableRenderer {
  static final String NULL_TEXT = "NULL";
  /** Narrowest a column is cut to when the table must fit a width. */
  private static final int MIN_FITTED_WIDTH = 3;
  static final String DIM = "\u001b[2m";
  static final String PLAIN = "\u001b[0m";
  private final int maxColumnWidth;
  private final int tableWidth;
  private final boolean styled;
  private final String nullText;

  /** @param maxColumnWidth widest a column may be before its values are cut with "…"; 0 for no limit */
  TableRenderer(int maxColumnWidth) {
    this(maxColumnWidth, 0, false, NULL_TEXT);
  }

  /**
   * @param tableWidth widest the whole table may be (the terminal's width); 0 for no limit
   * @param styled whether NULL is dimmed with an ANSI escape (on a terminal)
   */
  TableRenderer(int maxColumnWidth, int tableWidth, boolean styled, String nullText) {
    this.maxColumnWidth = maxColumnWidth;
    this.tableWidth = tableWidth;
    this.styled = styled;
    this.nullText = nullText;
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
        row[c] = value == null ? null : clean(value);
      }
      rows.add(row);
    }
    out.print(format(header, rightAligned, rows));
    return rows.size();
  }

  /** The table as text, one line per row plus the borders, each line ending in a newline. */
  String format(String[] header, boolean[] rightAligned, List<String[]> rows) {
    int[] widths = widths(header, rows);
    StringBuilder sb = new StringBuilder();
    border(sb, widths, '┌', '┬', '┐');
    line(sb, header, widths, new boolean[header.length]);
    border(sb, widths, '├', '┼', '┤');
    for (String[] row : rows) {
      line(sb, row, widths, rightAligned);
    }
    border(sb, widths, '└', '┴', '┘');
    return sb.toString();
  }

  /** Each column's width: its widest value, at most maxColumnWidth, then narrowed to fit tableWidth. */
  int[] widths(String[] header, List<String[]> rows) {
    int columns = header.length;
    int[] widths = new int[columns];
    for (int c = 0; c < columns; c++) {
      widths[c] = width(header[c]);
      for (String[] row : rows) {
        widths[c] = Math.max(widths[c], width(row[c] == null ? nullText : row[c]));
      }
      if (maxColumnWidth > 0) {
        widths[c] = Math.min(widths[c], maxColumnWidth);
      }
    }
    if (tableWidth > 0) {
      int excess = naturalWidth(widths) - tableWidth;
      while (excess > 0) {
        int widest = -1;
        for (int c = 0; c < columns; c++) {
          if (widths[c] > MIN_FITTED_WIDTH && (widest < 0 || widths[c] > widths[widest])) {
            widest = c;
          }
        }
        if (widest < 0) {
          break; // too many columns to fit: the lines wrap (vertical mode shows such rows better)
        }
        widths[widest]--;
        excess--;
      }
    }
    return widths;
  }

  /** Width of a table with these column widths: borders and one space of padding each side. */
  static int naturalWidth(int[] widths) {
    int total = 1;
    for (int w : widths) {
      total += w + 3;
    }
    return total;
  }

  /** Whether a table of these columns is wider than tableWidth even with every column at its narrowest. */
  boolean tooWide(String[] header, List<String[]> rows) {
    return tableWidth > 0 && naturalWidth(widths(header, rows)) > tableWidth;
  }

  static void border(StringBuilder sb, int[] widths, char left, char middle, char right) {
    sb.append(left);
    for (int c = 0; c < widths.length; c++) {
      if (c > 0) {
        sb.append(middle);
      }
      sb.append("─".repeat(widths[c] + 2));
    }
    sb.append(right).append('\n');
  }

  void line(StringBuilder sb, String[] cells, int[] widths, boolean[] rightAligned) {
    sb.append('│');
    for (int c = 0; c < cells.length; c++) {
      if (c > 0) {
        sb.append('│');
      }
      boolean isNull = cells[c] == null;
      String text = fit(isNull ? nullText : cells[c], widths[c]);
      String padding = " ".repeat(widths[c] - width(text));
      String shown = isNull && styled ? DIM + text + PLAIN : text;
      sb.append(' ');
      if (rightAligned[c]) {
        sb.append(padding).append(shown);
      } else {
        sb.append(shown).append(padding);
      }
      sb.append(' ');
    }
    sb.append("│\n");
  }

  /** The text cut to {@code width} columns, ending in "…" when cut. */
  static String fit(String text, int width) {
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
