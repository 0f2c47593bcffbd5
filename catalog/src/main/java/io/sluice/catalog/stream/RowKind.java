package io.sluice.catalog.stream;

/** The kind of a changelog row, as sinks that take changelogs print and store it. */
public final class RowKind {
  public static final byte INSERT = 0;
  public static final byte UPDATE_BEFORE = 1;
  public static final byte UPDATE_AFTER = 2;
  public static final byte DELETE = 3;

  private RowKind() {}

  /** {@code +I}, {@code -U}, {@code +U} or {@code -D}. */
  public static String symbol(byte kind) {
    switch (kind) {
      case UPDATE_BEFORE: return "-U";
      case UPDATE_AFTER: return "+U";
      case DELETE: return "-D";
      default: return "+I";
    }
  }
}
