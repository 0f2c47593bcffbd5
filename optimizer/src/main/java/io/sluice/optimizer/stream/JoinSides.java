package io.sluice.optimizer.stream;

/**
 * What the join rules need to know of a join's two inputs, derived bottom up before they run:
 * whether each reads a stream and whether each is a changelog (its rows change after they are emitted).
 */
record JoinSides(boolean leftStreams, boolean rightStreams, boolean leftChangelog, boolean rightChangelog) {
  boolean bothStream() {
    return leftStreams && rightStreams;
  }

  boolean anyChangelog() {
    return leftChangelog || rightChangelog;
  }
}
