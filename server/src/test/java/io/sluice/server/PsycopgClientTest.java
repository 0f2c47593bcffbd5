package io.sluice.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Python's psycopg2 (Debian python3-psycopg2, over libpq: a real client) against the server:
 * its implicit BEGIN and COMMIT, parameters it quotes into the text, types it reads back,
 * cancelling a SELECT over a stream from another thread, and a live SELECT read row by row through
 * a named cursor as batches commit, then cancelled while it waits.
 */
class PsycopgClientTest {
  /** The Debian interpreter: the one the Debian module is installed for (python3 may be a pyenv shim). */
  static final String PYTHON = "/usr/bin/python3";

  @Test
  void pythonRunsStatementsWithParametersAndCancelsAStream() throws Exception {
    try (RunningServer server = RunningServer.start()) {
      String script = String.join("\n",
          "import datetime, decimal, threading, time, psycopg2, psycopg2.errors",
          "c = psycopg2.connect(host='127.0.0.1', port=" + server.port() + ", user='ada', dbname='sluice')",
          "cur = c.cursor()",
          "cur.execute('CREATE TABLE orders (id BIGINT, item VARCHAR, price DECIMAL(8,2), placed TIMESTAMP)')",
          "cur.executemany('INSERT INTO orders VALUES (%s, %s, %s, %s)',",
          "    [(1, \"tea 'green'\", decimal.Decimal('3.50'), datetime.datetime(2024, 1, 2, 3, 4, 5)),",
          "     (2, 'coffee', decimal.Decimal('2.25'), datetime.datetime(2024, 1, 2, 3, 4, 6))])",
          "c.commit()",
          "cur.execute('SELECT id, item, price, placed FROM orders WHERE price > %s ORDER BY id', (decimal.Decimal('1'),))",
          "print(cur.fetchall())",
          "try:",
          "    cur.execute('SELECT 1 / 0')",
          "except psycopg2.Error as e:",
          "    print('error', e.pgcode)",
          "c.rollback()",
          "c.autocommit = True",
          "cur.execute(\"CREATE SOURCE ticks (id BIGINT) WITH (connector = 'memory')\")",
          "def cancel_later():",
          "    time.sleep(1)",
          "    c.cancel()",
          "threading.Thread(target=cancel_later).start()",
          "try:",
          "    cur.execute('SELECT id FROM ticks')",
          "except psycopg2.errors.QueryCanceled as e:",
          "    print('cancelled', e.pgcode)",
          "cur.execute('SELECT COUNT(*) FROM orders')",
          "print(cur.fetchone()[0])",
          // a live SELECT through a named cursor (DECLARE ... WITH HOLD, then FETCH FORWARD 1): each
          // row comes as the batch holding it commits, rows another connection adds one at a time
          "live = c.cursor('live', withhold=True)",
          "live.itersize = 1",
          "live.execute('SELECT id * 10 AS tens FROM ticks')",
          "other = psycopg2.connect(host='127.0.0.1', port=" + server.port() + ", user='grace', dbname='sluice')",
          "other.autocommit = True",
          "for n in (1, 2, 3):",
          "    other.cursor().execute('INSERT INTO ticks VALUES (%s)', (n,))",
          "    print('row', live.fetchone())",
          "threading.Thread(target=cancel_later).start()",
          "try:",
          "    live.fetchone()",
          "except psycopg2.errors.QueryCanceled as e:",
          "    print('cancelled', e.pgcode)",
          "other.cursor().execute('INSERT INTO ticks VALUES (4)')",
          "cur.execute('SELECT COUNT(*) FROM orders')",
          "print(cur.fetchone()[0])");
      ExternalClient.Outcome out = ExternalClient.run(List.of(PYTHON, "-c", script), Map.of(), null);
      assertEquals(0, out.status(), out.output());
      assertEquals("[(1, \"tea 'green'\", Decimal('3.50'), datetime.datetime(2024, 1, 2, 3, 4, 5)),"
          + " (2, 'coffee', Decimal('2.25'), datetime.datetime(2024, 1, 2, 3, 4, 6))]\n"
          + "error 22012\n"
          + "cancelled 57014\n"
          + "2\n"
          + "row (10,)\nrow (20,)\nrow (30,)\n"
          + "cancelled 57014\n"
          + "2\n", out.output());
    }
  }
}
