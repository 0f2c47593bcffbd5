package io.sluice.engine.checkpoint;

import java.util.Random;

/**
 * Writes a round's input files on a thread of its own while the pipeline runs, is killed and
 * restarts, at a steady pace with now and then a pause: the pipeline sometimes waits for files
 * and sometimes has a backlog, so how many files a batch takes depends on timing, and a batch run
 * again after a crash finds more files than it first did: only its recorded boundaries make it
 * the same batch.
 */
final class InputFeeder implements AutoCloseable {
  private final CrashInput input;
  private final Random random;
  private final long millis;
  private final Thread thread;
  private volatile boolean done;
  private volatile Exception failure;

  /** Starts writing the files of {@code input} over about {@code millis} ms; with 0, writes all before returning. */
  InputFeeder(CrashInput input, Random random, long millis) {
    this.input = input;
    this.random = random;
    this.millis = millis;
    this.thread = new Thread(this::feed, "crash-test-feeder");
    thread.setDaemon(true);
    if (millis == 0) {
      feed();
    } else {
      thread.start();
    }
  }

  private void feed() {
    try {
      int count = input.files.size();
      // a tenth of the time goes to pauses, a tenth of a second on average each
      double gap = millis * 0.9 / count;
      double pauseChance = millis * 0.1 / 100.0 / count;
      long start = System.nanoTime();
      double due = 0;
      for (CrashInput.InputFile file : input.files) {
        due += gap;
        if (random.nextDouble() < pauseChance) {
          due += random.nextInt(200);
        }
        long wait = (long) due - (System.nanoTime() - start) / 1_000_000;
        if (wait > 0) {
          Thread.sleep(wait);
        }
        input.writeFile(file);
      }
      done = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      failure = e;
    }
  }

  /** Whether every file is written; rethrows a failure to write one. */
  boolean done() {
    if (failure != null) {
      throw new IllegalStateException("cannot write the input: " + failure, failure);
    }
    return done;
  }

  @Override
  public void close() {
    if (thread.isAlive()) {
      thread.interrupt();
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
