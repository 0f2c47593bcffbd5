package io.sluice.runtime.kernel;

/** Join types of {@link HashJoiner}. SEMI and ANTI output the left columns only. */
public enum JoinKind {
  INNER,
  LEFT,
  RIGHT,
  FULL,
  /** Left rows with at least one matching right row, each once. */
  SEMI,
  /** Left rows with no matching right row (plain anti join, not NOT IN's NULL semantics). */
  ANTI
}
