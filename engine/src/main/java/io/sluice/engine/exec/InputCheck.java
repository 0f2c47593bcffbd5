package io.sluice.engine.exec;

import io.sluice.runtime.state.StatefulOperator;

/**
 * What a continuous query checks around each chunk of input one of its stateful operators takes
 * (the memory budget): before, whether the state with what the chunk may make the operator's
 * tables allocate ({@link io.sluice.runtime.state.StatefulOperator#growthBytes}) still fits, so
 * that a table is never doubled past the budget; after, the state as it now is.
 */
public interface InputCheck {
  /** Before {@code rows} rows go into {@code operator}; throws when they could take the state past its limit. */
  void beforeInput(StatefulOperator operator, int rows);

  /** After a chunk went in. */
  void afterInput();
}
