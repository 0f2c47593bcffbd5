package io.sluice.engine.batch;

/**
 * Where a continuous query puts rows that make an expression fail (a cast of bad text, a division
 * by zero) when the user named a dead-letter sink ({@code pipeline.dead-letter-sink}): the batch
 * goes on without them, and they are committed to that sink with the batch.
 */
public interface DeadLetters {
  /**
   * Takes one failed row.
   *
   * @param operator the plan node whose expression failed
   * @param row the row as text, {@code (name = value, ...)}
   * @param error what failed
   */
  void accept(String operator, String row, String error);
}
