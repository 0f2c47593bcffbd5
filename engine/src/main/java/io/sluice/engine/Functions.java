package io.sluice.engine;

import io.sluice.engine.functions.FunctionHelp;
import io.sluice.catalog.function.FunctionInfo;
import io.sluice.optimizer.functions.FunctionRegistry;
import java.util.List;
import java.util.Optional;

/**
 * The functions Sluice runs, as declared in {@code functions.json}: for SHOW FUNCTIONS, the
 * shell's help and JDBC metadata. Only functions that compile and run are listed, not every name
 * the validator accepts.
 */
public final class Functions {
  private Functions() {}

  /** Function names in upper case, in order. */
  public static List<String> names() {
    return FunctionRegistry.instance().names();
  }

  /** The function with this name, in any case. */
  public static Optional<FunctionInfo> lookup(String name) {
    return FunctionRegistry.instance().lookup(name);
  }

  /**
   * What the shell's {@code help} prints for {@code topic}: the list of functions for
   * "functions", or one function's signatures, description and examples.
   */
  public static String help(String topic) {
    return FunctionHelp.topic(FunctionRegistry.instance().all(), topic);
  }

  /** All functions, in name order. */
  public static List<FunctionInfo> all() {
    return FunctionRegistry.instance().all();
  }
}
