package io.sluice.optimizer;

/**
 * Maps a 1-based line and column inside the query text Calcite saw to the position in the
 * text the user wrote (a statement inside a script).
 */
@FunctionalInterface
public interface PositionMap {
  PositionMap IDENTITY = (line, column) -> new int[] {line, column};

  int[] map(int line, int column);
}
