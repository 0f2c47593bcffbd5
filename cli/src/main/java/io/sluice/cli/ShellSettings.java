package io.sluice.cli;

import java.util.Locale;

/**
 * How results are shown, changed by the shell's commands ({@code .mode}, {@code \x},
 * {@code \timing}, {@code .nullvalue}, {@code \pager}) and by {@code SET 'shell.result-mode' = ...}.
 */
final class ShellSettings {
  /** How a finished result is printed. */
  enum Format { BOX, LINE, CSV, JSON, MARKDOWN }

  /** Whether rows are printed one column per line (psql's expanded display). */
  enum Expanded { OFF, ON, AUTO }

  /** How a SELECT over streams is shown while its rows arrive. */
  enum ResultMode {
    /** One line per change, with its kind (+I, -U, +U, -D). */
    CHANGELOG,
    /** The current result, redrawn in place as batches commit. */
    TABLE,
    /** Rows as they come, without their kind. */
    APPEND
  }

  Format format = Format.BOX;
  Expanded expanded = Expanded.OFF;
  ResultMode resultMode = ResultMode.TABLE;
  boolean timing = true;
  /** Whether results taller than the terminal go through the pager (in the interactive shell, if it has one). */
  boolean pager = true;
  /** How SQL NULL is written; on a terminal it is also dimmed, so that it differs from the text 'NULL'. */
  String nullText = "NULL";

  static <E extends Enum<E>> E parse(Class<E> type, String word, String what) {
    for (E value : type.getEnumConstants()) {
      if (value.name().equalsIgnoreCase(word.strip())) {
        return value;
      }
    }
    StringBuilder names = new StringBuilder();
    for (E value : type.getEnumConstants()) {
      names.append(names.length() == 0 ? "" : "|").append(value.name().toLowerCase(Locale.ROOT));
    }
    throw new IllegalArgumentException(what + " takes " + names + ", not '" + word.strip() + "'");
  }

  static String name(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
