package io.sluice.catalog.function;

import java.util.Locale;

/** What a function works on, for grouping in help and JDBC metadata. */
public enum FunctionCategory {
  STRING("String"),
  NUMERIC("Numeric"),
  DATETIME("Date and time"),
  CONDITIONAL("Conditional"),
  CONVERSION("Conversion"),
  AGGREGATE("Aggregate"),
  WINDOW("Window");

  private final String title;

  FunctionCategory(String title) {
    this.title = title;
  }

  /** The lower-case word used in functions.json. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A heading for lists of functions, such as "Date and time". */
  public String title() {
    return title;
  }
}
