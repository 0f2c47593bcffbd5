package io.sluice.engine.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.engine.Database;
import io.sluice.engine.Session;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CancellationTest {

  @Test
  void cancellingRunsEachActionOnceAndFailsChecks() {
    Cancellation c = new Cancellation();
    AtomicInteger runs = new AtomicInteger();
    c.onCancel(runs::incrementAndGet);
    assertFalse(c.isCancelled());
    assertNull(c.error());
    c.check();
    c.cancel("stop it");
    c.cancel("again");
    c.timeOut("later");
    assertEquals(1, runs.get());
    SluiceException e = assertThrows(SluiceException.class, c::check);
    assertEquals(ErrorCode.QUERY_CANCELLED, e.code());
    assertEquals("57014", e.sqlState());
    assertEquals("stop it", e.getMessage(), "the first request wins");
    c.onCancel(runs::incrementAndGet);
    assertEquals(2, runs.get(), "an action registered after the cancel runs at once");
  }

  @Test
  void aTimeoutHasItsOwnCode() {
    Cancellation c = new Cancellation();
    c.timeOut("too slow");
    assertEquals(ErrorCode.QUERY_TIMEOUT, c.error().code());
    assertEquals("57014", c.error().sqlState());
  }

  @Test
  void runWithInstallsOnTheThreadAndRestores() {
    Cancellation outer = new Cancellation();
    Cancellation inner = new Cancellation();
    assertNull(Cancellation.current());
    outer.runWith(() -> {
      assertSame(outer, Cancellation.current());
      inner.runWith(() -> {
        assertSame(inner, Cancellation.current());
        inner.cancel("inner");
        assertThrows(SluiceException.class, Cancellation::checkCurrent);
        return null;
      });
      assertSame(outer, Cancellation.current());
      Cancellation.checkCurrent(); // the outer one is not cancelled
      return null;
    });
    assertNull(Cancellation.current());
  }

  @Test
  void aCancelledStatementStopsWithinABatch() {
    Database database = Database.inMemory();
    try (Session session = database.openSession()) {
      session.execute("CREATE TABLE ten (d BIGINT)");
      session.execute("INSERT INTO ten VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)");
      session.execute("CREATE TABLE copy (d BIGINT)");
      Cancellation c = new Cancellation();
      c.cancel("cancelled before it ran");
      SluiceException e = assertThrows(SluiceException.class,
          () -> c.runWith(() -> session.execute("INSERT INTO copy SELECT a.d FROM ten a, ten b")));
      assertEquals(ErrorCode.QUERY_CANCELLED, e.code());
      try (RowCursor rows = session.execute("SELECT COUNT(*) FROM copy").rows()) {
        assertTrue(rows.next());
        assertEquals(0L, ((Number) rows.getObject(0)).longValue(), "nothing was written");
      }
    }
  }
}
