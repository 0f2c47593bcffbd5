package io.sluice.engine.connector.files;

import java.util.List;
import java.util.Locale;

/** The file formats the {@code files} connector reads and writes. */
public enum FileFormat {
  CSV("csv", List.of(".csv")),
  /** JSON lines: one object per line. */
  JSON("json", List.of(".json", ".jsonl")),
  PARQUET("parquet", List.of(".parquet"));

  private final String optionValue;
  private final List<String> extensions;

  FileFormat(String optionValue, List<String> extensions) {
    this.optionValue = optionValue;
    this.extensions = extensions;
  }

  /** The value of the {@code format} option that selects this format. */
  public String optionValue() {
    return optionValue;
  }

  /** The extension new files get, with its dot. */
  public String extension() {
    return extensions.get(0);
  }

  /** Whether a file of a folder belongs to a table of this format. */
  boolean matches(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    for (String extension : extensions) {
      if (lower.endsWith(extension)) {
        return true;
      }
    }
    return false;
  }
}
