package io.sluice.sqlparser;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Immutable option maps that keep the order options were written in. */
final class Options {
  private Options() {}

  static Map<String, String> copyOf(Map<String, String> options) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(options));
  }
}
