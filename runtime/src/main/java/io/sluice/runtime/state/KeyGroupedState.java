package io.sluice.runtime.state;

import java.io.IOException;

/**
 * The state of a keyed operator that can run as several instances, each owning a range of
 * {@link io.sluice.runtime.kernel.KeyGroups key groups}: a restart with another parallelism cuts
 * the saved instances' state along key groups ({@link #retainKeyGroups}) and joins the pieces that
 * one new instance owns ({@link #absorb}).
 */
public interface KeyGroupedState extends StatefulOperator {
  /**
   * From now on emits what a batch completes in key-group order, each key group's keys in the
   * order they came: since instances own ascending ranges, their outputs put one after the other
   * give that order, whatever the parallelism.
   */
  void emitInKeyGroupOrder();

  /**
   * The next output unit (a window's end) the current batch completes, or Long.MAX_VALUE when it
   * completes none; between {@link io.sluice.runtime.operator.Operator#input} and {@code endBatch}.
   */
  long nextClosing();

  /** Emits and drops the output units the current batch completes up to {@code last}, before {@code endBatch}. */
  void closeWindowsThrough(long last);

  /** What {@code instances} (this one among them) chose for the last batch, told as one operator would; null for nothing. */
  String lastChoiceOf(KeyGroupedState[] instances);

  /** Drops every key whose key group is outside {@code [first, end)}. */
  void retainKeyGroups(int first, int end);

  /** Whether {@link #absorb} can take another instance's keys (every aggregate's state in slots). */
  boolean canAbsorb();

  /**
   * Takes every key of {@code other}, an instance of the same shape that owned other key groups
   * (no key is in both), which is left behind. Only when {@link #canAbsorb}.
   */
  void absorb(KeyGroupedState other) throws IOException;
}
