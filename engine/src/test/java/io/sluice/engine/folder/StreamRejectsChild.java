package io.sluice.engine.folder;

import io.sluice.engine.Database;
import io.sluice.engine.Session;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A child process for {@link StreamRejectsCrashTest}: opens a database folder whose stream
 * {@code events} (a files source with a rejects table) feeds a continuous query, and for each line
 * "step" on its input runs the query over what the folder {@code in} holds, then prints "done";
 * it never runs another statement or closes the database, so what is saved was saved by the
 * batches' commits. The test kills it.
 */
public final class StreamRejectsChild {
  private StreamRejectsChild() {}

  public static void main(String[] args) throws Exception {
    Database database = Database.open(Path.of(args[0]));
    Session session = database.openSession();
    if (database.queries().list().isEmpty()) {
      session.execute("CREATE SOURCE IF NOT EXISTS events (id BIGINT, v VARCHAR) WITH (connector = 'files', path = '"
          + args[1] + "', format = 'csv', mode = 'dropmalformed', 'rejects-table' = 'event_rejects')");
      session.execute("CREATE SINK IF NOT EXISTS quiet WITH (connector = 'blackhole')");
      session.execute("INSERT INTO quiet SELECT * FROM events");
    }
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      database.queries().processAllAvailable();
      System.out.println("done");
      System.out.flush();
    }
  }
}
