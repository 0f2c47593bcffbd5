package io.sluice.engine.connector.kafka;

/**
 * Closes a Kafka client with the calling thread's interrupt held back. A query that is stopped
 * interrupts its thread to wake it, and then closes its consumer and producer on that thread; Kafka's
 * clients, closed on an interrupted thread, give up waiting for their network thread and fetch
 * sessions and log an ERROR with an InterruptedException's stack trace, though nothing went wrong. The
 * close is bounded by its own timeout, so holding the interrupt for its length cannot hang the stop;
 * the interrupt is restored afterwards for whatever the thread does next.
 */
final class UninterruptedClose {
  private UninterruptedClose() {}

  static void run(Runnable close) {
    boolean interrupted = Thread.interrupted();
    try {
      close.run();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
