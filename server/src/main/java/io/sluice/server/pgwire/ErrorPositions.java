package io.sluice.server.pgwire;

import io.sluice.catalog.SluiceException;
import java.sql.SQLException;

/** Where in the query text an error is, as ErrorResponse's position field wants it: a 1-based character index. */
final class ErrorPositions {
  private ErrorPositions() {}

  /**
   * The position of the error in a query of which {@code statement} starts at {@code offset}, or 0
   * when the error has none (or the statement's text is not known).
   */
  static int position(SQLException e, String statement, int offset) {
    if (statement == null) {
      return 0;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SluiceException && ((SluiceException) t).hasPosition()) {
        SluiceException s = (SluiceException) t;
        int index = indexOf(statement, s.line(), s.column());
        return index < 0 ? 0 : offset + index + 1;
      }
    }
    return 0;
  }

  /** The 0-based index of 1-based line and column in {@code text}, or -1 outside it. */
  static int indexOf(String text, int line, int column) {
    int index = 0;
    for (int l = 1; l < line; l++) {
      index = text.indexOf('\n', index);
      if (index < 0) {
        return -1;
      }
      index++;
    }
    index += column - 1;
    return index <= text.length() ? index : -1;
  }
}
