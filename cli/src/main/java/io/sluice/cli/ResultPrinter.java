package io.sluice.cli;

import java.io.PrintStream;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Prints a finished result in the format the settings ask for: a box table fitted to the
 * terminal, one column per line ({@code \x}), sqlite's line mode, CSV, JSON lines or Markdown.
 */
final class ResultPrinter {
  private final ShellSettings settings;
  private final IntSupplier terminalWidth;
  private final boolean styled;
  private final int maxColumnWidth;
  /** The interactive shell's pager and the terminal's height and encoding; null elsewhere. */
  private Pager pager;
  private IntSupplier terminalHeight = () -> 0;
  private java.nio.charset.Charset encoding;

  /**
   * @param terminalWidth the width to fit tables to, 0 for none (output that is not a terminal)
   * @param styled whether ANSI styles may be used (NULL is dimmed)
   */
  ResultPrinter(ShellSettings settings, IntSupplier terminalWidth, boolean styled, int maxColumnWidth) {
    this.settings = settings;
    this.terminalWidth = terminalWidth;
    this.styled = styled;
    this.maxColumnWidth = maxColumnWidth;
  }

  /** Results taller than the terminal go through {@code pager} (while {@code \\pager} is on). */
  void pageWith(Pager pager, IntSupplier height, java.nio.charset.Charset encoding) {
    this.pager = pager;
    this.terminalHeight = height;
    this.encoding = encoding;
  }

  /** The pager results may go through, or null. */
  Pager pager() {
    return pager;
  }

  ShellSettings settings() {
    return settings;
  }

  boolean styled() {
    return styled;
  }

  int width() {
    return terminalWidth.getAsInt();
  }

  TableRenderer renderer() {
    return new TableRenderer(maxColumnWidth, width(), styled, settings.nullText);
  }

  /** Column labels of a result, cleaned of control characters. */
  static String[] header(ResultSetMetaData md) throws SQLException {
    String[] header = new String[md.getColumnCount()];
    for (int c = 0; c < header.length; c++) {
      header[c] = TableRenderer.clean(md.getColumnLabel(c + 1));
    }
    return header;
  }

  static boolean[] numeric(ResultSetMetaData md) throws SQLException {
    boolean[] numeric = new boolean[md.getColumnCount()];
    for (int c = 0; c < numeric.length; c++) {
      numeric[c] = TableRenderer.isNumeric(md.getColumnType(c + 1));
    }
    return numeric;
  }

  /** The current row's values as text, null for SQL NULL. */
  static String[] row(ResultSet rs, int columns) throws SQLException {
    String[] row = new String[columns];
    for (int c = 0; c < columns; c++) {
      String value = rs.getString(c + 1);
      row[c] = value == null ? null : TableRenderer.clean(value);
    }
    return row;
  }

  /** Reads every row of {@code rs}, prints them, and returns how many there were. */
  long print(ResultSet rs, PrintStream out) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    String[] header = header(md);
    boolean[] numeric = numeric(md);
    List<String[]> rows = new ArrayList<>();
    while (rs.next()) {
      rows.add(row(rs, header.length));
    }
    String text = format(header, numeric, rows);
    if (!paged(text, out)) {
      out.print(text);
    }
    return rows.size();
  }

  /** Shows {@code text} through the pager if there is one, it is on, and the text is taller than the terminal. */
  private boolean paged(String text, PrintStream out) {
    if (pager == null || !settings.pager) {
      return false;
    }
    int lines = 0;
    for (int i = text.indexOf('\n'); i >= 0 && lines <= terminalHeight.getAsInt(); i = text.indexOf('\n', i + 1)) {
      lines++;
    }
    if (!Pager.needed(lines, terminalHeight.getAsInt())) {
      return false;
    }
    out.flush();
    return pager.show(text, encoding);
  }

  /** The rows as text in the current format. */
  String format(String[] header, boolean[] numeric, List<String[]> rows) {
    switch (settings.format) {
      case CSV:
        return csv(header, rows);
      case JSON:
        return json(header, numeric, rows);
      case MARKDOWN:
        return markdown(header, numeric, rows);
      case LINE:
        return lines(header, rows);
      default:
        TableRenderer renderer = renderer();
        boolean vertical = settings.expanded == ShellSettings.Expanded.ON
            || settings.expanded == ShellSettings.Expanded.AUTO && renderer.tooWide(header, rows);
        return vertical ? vertical(header, rows) : renderer.format(header, numeric, rows);
    }
  }

  private String nullText() {
    return styled ? TableRenderer.DIM + settings.nullText + TableRenderer.PLAIN : settings.nullText;
  }

  /** psql's expanded display: a rule per record, then one "column │ value" line per column. */
  String vertical(String[] header, List<String[]> rows) {
    int nameWidth = 0;
    for (String name : header) {
      nameWidth = Math.max(nameWidth, TableRenderer.width(name));
    }
    int width = width();
    int valueWidth = width > 0 ? Math.max(10, width - nameWidth - 3) : 0;
    StringBuilder sb = new StringBuilder();
    for (int r = 0; r < rows.size(); r++) {
      String title = "-[ RECORD " + (r + 1) + " ]";
      int rule = Math.max(title.length(), width > 0 ? Math.min(width, nameWidth + 3 + 20) : nameWidth + 23);
      sb.append(title).append("-".repeat(rule - title.length())).append('\n');
      for (int c = 0; c < header.length; c++) {
        String value = rows.get(r)[c];
        sb.append(header[c]).append(" ".repeat(nameWidth - TableRenderer.width(header[c]))).append(" │ ");
        if (value == null) {
          sb.append(nullText());
        } else {
          sb.append(valueWidth > 0 ? TableRenderer.fit(value, valueWidth) : value);
        }
        sb.append('\n');
      }
    }
    if (rows.isEmpty()) {
      sb.append("(no rows)\n");
    }
    return sb.toString();
  }

  /** sqlite's line mode: "name = value" per column, a blank line between rows. */
  String lines(String[] header, List<String[]> rows) {
    int nameWidth = 0;
    for (String name : header) {
      nameWidth = Math.max(nameWidth, TableRenderer.width(name));
    }
    StringBuilder sb = new StringBuilder();
    for (int r = 0; r < rows.size(); r++) {
      if (r > 0) {
        sb.append('\n');
      }
      for (int c = 0; c < header.length; c++) {
        String value = rows.get(r)[c];
        sb.append(" ".repeat(nameWidth - TableRenderer.width(header[c]))).append(header[c]).append(" = ")
            .append(value == null ? nullText() : value).append('\n');
      }
    }
    return sb.toString();
  }

  /** RFC 4180: a header line, fields quoted when they hold a comma, quote or line break; NULL is empty. */
  static String csv(String[] header, List<String[]> rows) {
    StringBuilder sb = new StringBuilder();
    csvLine(sb, header);
    for (String[] row : rows) {
      csvLine(sb, row);
    }
    return sb.toString();
  }

  private static void csvLine(StringBuilder sb, String[] cells) {
    for (int c = 0; c < cells.length; c++) {
      if (c > 0) {
        sb.append(',');
      }
      String v = cells[c];
      if (v == null) {
        continue;
      }
      if (v.isEmpty() || v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
        sb.append('"').append(v.replace("\"", "\"\"")).append('"'); // "" marks the empty text apart from NULL
      } else {
        sb.append(v);
      }
    }
    sb.append("\r\n");
  }

  /** One JSON object per row and line; numbers stay numbers, NULL is null. */
  static String json(String[] header, boolean[] numeric, List<String[]> rows) {
    StringBuilder sb = new StringBuilder();
    for (String[] row : rows) {
      sb.append('{');
      for (int c = 0; c < header.length; c++) {
        if (c > 0) {
          sb.append(',');
        }
        jsonString(sb, header[c]);
        sb.append(':');
        String v = row[c];
        if (v == null) {
          sb.append("null");
        } else if (numeric[c] && v.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?")) {
          sb.append(v);
        } else if (v.equals("TRUE") || v.equals("FALSE") || v.equals("true") || v.equals("false")) {
          sb.append(v.toLowerCase(java.util.Locale.ROOT));
        } else {
          jsonString(sb, v);
        }
      }
      sb.append("}\n");
    }
    return sb.toString();
  }

  private static void jsonString(StringBuilder sb, String text) {
    sb.append('"');
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      switch (ch) {
        case '"': sb.append("\\\""); break;
        case '\\': sb.append("\\\\"); break;
        case '\n': sb.append("\\n"); break;
        case '\r': sb.append("\\r"); break;
        case '\t': sb.append("\\t"); break;
        default:
          if (ch < 0x20) {
            sb.append(String.format("\\u%04x", (int) ch));
          } else {
            sb.append(ch);
          }
      }
    }
    sb.append('"');
  }

  /** A GitHub Markdown table: numbers right-aligned, '|' escaped, NULL in italics. */
  String markdown(String[] header, boolean[] numeric, List<String[]> rows) {
    StringBuilder sb = new StringBuilder("|");
    for (String name : header) {
      sb.append(' ').append(name.replace("|", "\\|")).append(" |");
    }
    sb.append("\n|");
    for (boolean n : numeric) {
      sb.append(n ? " ---: |" : " --- |");
    }
    sb.append('\n');
    for (String[] row : rows) {
      sb.append('|');
      for (String v : row) {
        sb.append(' ').append(v == null ? "*" + settings.nullText + "*" : v.replace("|", "\\|")).append(" |");
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
