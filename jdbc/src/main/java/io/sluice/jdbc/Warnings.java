package io.sluice.jdbc;

import java.sql.SQLWarning;
import java.util.List;

/**
 * Turns the engine's warnings (rows its scans dropped or kept with NULLs) into a JDBC warning
 * chain, leaving out those a {@code clearWarnings} call already saw.
 */
final class Warnings {
  /** SQLSTATE class 01, "warning", subclass 000: no more specific code fits dropped input rows. */
  static final String SQL_STATE = "01000";

  private Warnings() {}

  /** The chain of {@code warnings} from index {@code cleared} on, or null when there are none. */
  static SQLWarning chain(List<String> warnings, int cleared) {
    SQLWarning first = null;
    for (int i = cleared; i < warnings.size(); i++) {
      SQLWarning warning = new SQLWarning(warnings.get(i), SQL_STATE);
      if (first == null) {
        first = warning;
      } else {
        first.setNextWarning(warning);
      }
    }
    return first;
  }
}
