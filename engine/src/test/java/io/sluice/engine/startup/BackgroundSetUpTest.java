package io.sluice.engine.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The start-up thread: a daemon that runs once, is waited for, and whose failure reaches the waiter. */
class BackgroundSetUpTest {
  @Test
  void runsOnceOnADaemonThreadAndIsWaitedFor() {
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    AtomicInteger runs = new AtomicInteger();
    BackgroundSetUp setUp = new BackgroundSetUp(() -> {
      ranOn.set(Thread.currentThread());
      runs.incrementAndGet();
    });
    setUp.begin();
    setUp.begin();
    setUp.join();
    assertEquals(1, runs.get());
    assertTrue(ranOn.get().isDaemon(), "a daemon thread does not keep the JVM alive after the command");
    assertEquals("sluice-set-up", ranOn.get().getName());
  }

  @Test
  void aFailureReachesTheStatementThatWaitsWithItsCause() {
    IllegalStateException broken = new IllegalStateException("operator table broken");
    BackgroundSetUp setUp = new BackgroundSetUp(() -> {
      throw broken;
    });
    setUp.begin();
    SluiceException e = assertThrows(SluiceException.class, setUp::join);
    assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
    assertTrue(e.getMessage().contains("start-up set-up failed") && e.getMessage().contains("operator table broken"),
        e.getMessage());
    assertSame(broken, e.getCause());
    assertThrows(SluiceException.class, setUp::join, "every later statement hears of it too");
  }

  @Test
  void waitingForASetUpNeverStartedReturnsAtOnce() {
    new BackgroundSetUp(() -> {
      throw new AssertionError("never runs");
    }).join();
  }

  @Test
  void theRealSetUpPrintsNothing() {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      System.setErr(capture);
      BackgroundSetUp.start();
      BackgroundSetUp.await();
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    assertEquals("", printed.toString(StandardCharsets.UTF_8));
  }
}
