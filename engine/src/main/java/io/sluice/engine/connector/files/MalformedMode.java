package io.sluice.engine.connector.files;

/** What a text scan does with a row it cannot read (option {@code mode}). */
enum MalformedMode {
  /** Stop the scan with an error that points at the row. */
  FAILFAST("failfast"),
  /** Skip the row and count it. */
  DROPMALFORMED("dropmalformed"),
  /** Keep the row with NULL for bad fields and the raw text in the corrupt-record column. */
  PERMISSIVE("permissive");

  final String optionValue;

  MalformedMode(String optionValue) {
    this.optionValue = optionValue;
  }
}
