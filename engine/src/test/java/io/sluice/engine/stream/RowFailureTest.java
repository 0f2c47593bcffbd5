package io.sluice.engine.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A row that makes an expression fail fails the query with the batch, its offsets and the row;
 * with a dead-letter sink it goes there, committed with its batch, and the batch goes on.
 */
class RowFailureTest {
  private static final String PARSE = "INSERT INTO parsed SELECT id, CAST(amount AS INT) AS amount, 100 / id AS share"
      + " FROM raw WHERE id <> 7";

  private StreamTestSession t;

  @BeforeEach
  void setUp() {
    t = new StreamTestSession("CREATE SOURCE raw (id BIGINT, amount VARCHAR) WITH (connector = 'memory');"
        + " CREATE SINK parsed WITH (connector = 'memory');");
  }

  @AfterEach
  void tearDown() {
    t.close();
  }

  private StreamingQuery start() {
    return t.start(PARSE);
  }

  private List<String> rows(String sql) {
    return t.rows(sql);
  }

  @Test
  void aFailingRowFailsTheQueryNamingTheBatchOffsetsAndRow() {
    StreamingQuery q = start();
    t.session.execute("INSERT INTO raw VALUES (1, '10'), (2, '20')");
    assertTrue(q.step());
    t.session.execute("INSERT INTO raw VALUES (3, '30'), (4, 'forty'), (5, '50')");
    SluiceException e = assertThrows(SluiceException.class, q::step);
    assertEquals(ErrorCode.INVALID_CAST, e.code());
    String message = e.getMessage();
    assertTrue(message.contains("failed in batch 1 (offsets raw 2..5)"), message);
    assertTrue(message.contains("in row (id = 4, amount = 'forty') (source raw, offset 3)"), message);
    assertTrue(message.contains("pipeline.dead-letter-sink"), message);
    assertEquals(StreamingQuery.Status.FAILED, q.status());
    assertEquals(List.of("1 | 10 | 100", "2 | 20 | 50"), rows("SELECT * FROM parsed"), "nothing of batch 1");
  }

  @Test
  void withADeadLetterSinkFailingRowsAreSetAsideWithTheirBatchAndTheRestGoesOn() {
    t.session.executeScript("CREATE SINK rejects WITH (connector = 'memory');"
        + " SET 'pipeline.dead-letter-sink' = 'rejects';");
    StreamingQuery q = start();
    t.session.execute("INSERT INTO raw VALUES (1, '10'), (0, '5'), (4, 'forty'), (7, 'filtered out'), (5, '50')");
    assertTrue(q.step());
    assertEquals(List.of("1 | 10 | 100", "5 | 50 | 20"), rows("SELECT * FROM parsed"));
    List<String> rejects = rows("SELECT batch_id, input_row, error FROM rejects");
    assertEquals(2, rejects.size(), rejects.toString());
    assertTrue(rejects.get(0).startsWith("0 | (id = 0, amount = '5') (source raw, offset 1) | "),
        rejects.toString());
    assertTrue(rejects.get(0).toLowerCase().contains("division by zero"), rejects.toString());
    assertTrue(rejects.get(1).startsWith("0 | (id = 4, amount = 'forty') (source raw, offset 2) | "),
        rejects.toString());
    for (String operator : rows("SELECT operator FROM rejects")) {
      assertTrue(operator.startsWith("Filter"), operator);
    }
    assertEquals(2, q.progress().get(0).deadLetterRows(), "the batch's progress counts the rows set aside");
    assertTrue(q.progress().get(0).toJson().contains("\"deadLetterRows\":2"), q.progress().get(0).toJson());
  }

  @Test
  void aFailingRowOfAFileIsNamedByItsPlaceInTheBatchsFiles(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    java.nio.file.Files.writeString(dir.resolve("a.csv"), "1,10\n2,20\n");
    java.nio.file.Files.writeString(dir.resolve("b.csv"), "3,30\n4,forty\n");
    t.session.execute("CREATE SOURCE files_raw (id BIGINT, amount VARCHAR) WITH (connector = 'files', path = '"
        + dir + "', format = 'csv')");
    StreamingQuery q = t.start("INSERT INTO parsed SELECT id, CAST(amount AS INT) AS amount, 100 / id AS share"
        + " FROM files_raw");
    SluiceException e = assertThrows(SluiceException.class, q::step);
    assertTrue(e.getMessage().contains("in row (id = 4, amount = 'forty') (source files_raw, row 4 of its rows in"
        + " offsets "), e.getMessage());
  }

  @Test
  void theFailingRowShowsTheColumnsTheExpressionsRead() {
    StreamingQuery q = t.start("INSERT INTO parsed SELECT 0 AS id, CAST(amount AS INT) AS amount, 1 AS share"
        + " FROM raw");
    t.session.execute("INSERT INTO raw VALUES (9, 'nine')");
    SluiceException e = assertThrows(SluiceException.class, q::step);
    assertTrue(e.getMessage().contains("in row (amount = 'nine') (source raw, offset 0)"), e.getMessage());
  }
}
