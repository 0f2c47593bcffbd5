package io.sluice.engine.folder;

import io.sluice.engine.Database;
import io.sluice.engine.Session;
import java.nio.file.Path;

/**
 * A child process for {@link DatabaseFolderCrashTest}: opens a database folder in which a memory
 * source {@code clicks} feeds two running queries into memory sinks ({@code seen}, every row;
 * {@code tally}, a count per statement modulo 3, an update-mode result), and appends statement
 * after statement of {@value #ROWS} rows to the source, printing the number of each once it has
 * returned, until it is killed. The queries commit batches meanwhile, so a kill falls anywhere.
 */
public final class StreamFolderWriter {
  static final int ROWS = 20;

  private StreamFolderWriter() {}

  public static void main(String[] args) {
    Database database = Database.open(Path.of(args[0]));
    Session session = database.openSession();
    if (database.catalog().find("clicks") == null) {
      session.executeScript("CREATE SOURCE clicks (statement BIGINT, seq BIGINT) WITH (connector = 'memory');"
          + " CREATE SINK seen WITH (connector = 'memory'); CREATE SINK tally WITH (connector = 'memory');"
          + " INSERT INTO seen SELECT statement, seq FROM clicks;"
          + " INSERT INTO tally SELECT statement % 3 AS k, COUNT(*) AS n FROM clicks GROUP BY statement % 3;");
    }
    for (long n = Long.parseLong(args[1]); ; n++) {
      session.execute(insert(n));
      System.out.println(n);
      System.out.flush();
    }
  }

  /** Statement {@code n}: rows {@code (n, 0)} to {@code (n, ROWS - 1)}. */
  static String insert(long n) {
    StringBuilder sql = new StringBuilder("INSERT INTO clicks VALUES ");
    for (int r = 0; r < ROWS; r++) {
      sql.append(r == 0 ? "" : ", ").append('(').append(n).append(", ").append(r).append(')');
    }
    return sql.toString();
  }
}
