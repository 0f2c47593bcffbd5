package io.sluice.catalog.function;

import java.util.Locale;

/** How a function is called: once per row, once per group, or over a window of rows. */
public enum FunctionKind {
  SCALAR,
  AGGREGATE,
  WINDOW;

  /** The lower-case word used in functions.json and shown to users. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
