package io.sluice.server.pgwire;

/**
 * A client broke the protocol (an unknown message, a length out of bounds, a truncated field): the
 * connection answers with an ErrorResponse carrying {@link #sqlState()} and is closed, while the
 * server goes on.
 */
public final class ProtocolException extends Exception {
  private static final long serialVersionUID = 1L;
  /** SQLSTATE protocol_violation. */
  static final String PROTOCOL_VIOLATION = "08P01";

  private final String sqlState;

  ProtocolException(String message) {
    this(PROTOCOL_VIOLATION, message);
  }

  ProtocolException(String sqlState, String message) {
    super(message);
    this.sqlState = sqlState;
  }

  public String sqlState() {
    return sqlState;
  }
}
