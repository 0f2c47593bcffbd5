package io.sluice.runtime.operator;

/**
 * Thrown from {@link Operator#input} by an operator that needs no more rows of that input in the
 * current batch (a LIMIT that has its rows): whoever runs the operator stops running that input
 * there and goes on with the batch. Nothing below the operator needs to know why its input stopped.
 * Each operator throws its own instance, made once, without a stack trace; the runner stops only
 * the input of the operator the instance names, so a stop passes through any operator in between.
 */
public final class EnoughInput extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Operator operator;

  public EnoughInput(Operator operator) {
    super(null, null, false, false);
    this.operator = operator;
  }

  /** Whether {@code candidate} is the operator that has enough input. */
  public boolean isFrom(Operator candidate) {
    return operator == candidate;
  }
}
