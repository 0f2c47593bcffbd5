package io.sluice.server.pgwire;

/**
 * The PostgreSQL version the server reports: clients choose their catalog queries by it (psql's
 * {@code \d} among them), and the catalog shapes {@link CatalogQueries} knows are those of clients
 * talking to this version.
 */
final class PgServerVersion {
  static final String VERSION = "14.0";

  private PgServerVersion() {}

  /** {@code server_version_num}: major times 10000 plus minor (140000 for 14.0). */
  static int number() {
    String[] parts = VERSION.split("\\.");
    return Integer.parseInt(parts[0]) * 10000 + Integer.parseInt(parts[1]);
  }
}
