package io.sluice.engine.translate;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.runtime.kernel.JoinKind;
import org.apache.calcite.rel.core.JoinRelType;

/** The run-time join kind of a plan's join type, for bounded and stream joins alike. */
public final class JoinKinds {
  private JoinKinds() {}

  /** @throws SluiceException UNSUPPORTED for a join type no operator runs */
  public static JoinKind of(JoinRelType type) {
    switch (type) {
      case INNER: return JoinKind.INNER;
      case LEFT: return JoinKind.LEFT;
      case RIGHT: return JoinKind.RIGHT;
      case FULL: return JoinKind.FULL;
      case SEMI: return JoinKind.SEMI;
      case ANTI: return JoinKind.ANTI;
      default:
        throw new SluiceException(ErrorCode.UNSUPPORTED, "Join type " + type + " is not supported");
    }
  }
}
