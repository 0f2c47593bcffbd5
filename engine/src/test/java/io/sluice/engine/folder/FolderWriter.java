package io.sluice.engine.folder;

import io.sluice.engine.Database;
import io.sluice.engine.Session;
import java.nio.file.Path;

/**
 * A child process for {@link DatabaseFolderCrashTest}: opens a database folder and inserts
 * statement after statement of {@value #ROWS} rows each into table {@code t}, printing the number
 * of each statement once it has returned, until it is killed.
 */
public final class FolderWriter {
  static final int ROWS = 50;

  private FolderWriter() {}

  public static void main(String[] args) {
    Database database = Database.open(Path.of(args[0]));
    Session session = database.openSession();
    session.execute("CREATE TABLE IF NOT EXISTS t (statement BIGINT, row_number BIGINT, note VARCHAR)");
    for (long n = Long.parseLong(args[1]); ; n++) {
      StringBuilder sql = new StringBuilder("INSERT INTO t VALUES ");
      for (int r = 0; r < ROWS; r++) {
        sql.append(r == 0 ? "" : ", ").append('(').append(n).append(", ").append(r).append(", 'row ").append(r)
            .append(" of statement ").append(n).append("')");
      }
      session.execute(sql.toString());
      if (n % 7 == 0) {
        session.execute("UPDATE t SET note = 'updated' WHERE statement = " + (n - 1));
      }
      System.out.println(n);
      System.out.flush();
    }
  }
}
