package io.sluice.server.pgwire;

import java.sql.Connection;
import java.sql.SQLException;

/** Placeholder, filled below. */
final class CatalogQueries {
  Execution answer(String sql, Connection session) throws SQLException {
    return null;
  }
}
