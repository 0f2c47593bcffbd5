package io.sluice.runtime.state;

import java.io.IOException;

/**
 * The state of a keyed operator that can run as several instances, each owning a range of
 * {@link io.sluice.runtime.kernel.KeyGroups key groups}: a restart with another parallelism cuts
 * the saved instances' state along key groups ({@link #retainKeyGroups}) and joins the pieces that
 * one new instance owns ({@link #absorb}).
 */
public interface KeyGroupedState extends StatefulOperator {
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
