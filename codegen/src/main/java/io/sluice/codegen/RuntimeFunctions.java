package io.sluice.codegen;

import io.sluice.catalog.DataType;
import io.sluice.runtime.function.Arith;
import io.sluice.runtime.function.Casts;
import io.sluice.runtime.function.DateParts;
import io.sluice.runtime.function.DateTimes;
import io.sluice.runtime.function.Decimals;
import io.sluice.runtime.function.Digests;
import io.sluice.runtime.function.Encodings;
import io.sluice.runtime.function.Formatting;
import io.sluice.runtime.function.Maths;
import io.sluice.runtime.function.Parsing;
import io.sluice.runtime.function.Quoting;
import io.sluice.runtime.function.RegexExtract;
import io.sluice.runtime.function.RegexMatch;
import io.sluice.runtime.function.RegexReplace;
import io.sluice.runtime.function.SqlFunction;
import io.sluice.runtime.function.Strings;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The scalar functions implemented by a run-time method marked {@link SqlFunction}, found once by
 * reflection over the helper classes generated code calls, and the method that fits a call.
 */
public final class RuntimeFunctions {
  /** The classes whose methods may implement functions; each is imported by generated code. */
  private static final List<Class<?>> HELPERS = List.of(Strings.class, Arith.class, DateTimes.class,
      Decimals.class, Casts.class, Maths.class, DateParts.class, Formatting.class, Digests.class, Quoting.class,
      RegexReplace.class, RegexMatch.class, RegexExtract.class, Encodings.class, Parsing.class);

  private static final Map<String, List<FunctionForm>> BY_NAME = index();

  private RuntimeFunctions() {}

  /** Upper-case names of the functions implemented this way. */
  public static List<String> names() {
    return new ArrayList<>(BY_NAME.keySet());
  }

  /**
   * The method that implements {@code name} called with arguments of these types: of the methods
   * that can take them, the one that takes the most of them without a cast.
   */
  static Optional<FunctionForm> lookup(String name, List<DataType> argumentTypes) {
    FunctionForm best = null;
    int bestFit = -1;
    for (FunctionForm form : BY_NAME.getOrDefault(name, List.of())) {
      int fit = form.fit(argumentTypes);
      if (fit > bestFit) {
        best = form;
        bestFit = fit;
      }
    }
    return Optional.ofNullable(best);
  }

  private static Map<String, List<FunctionForm>> index() {
    Map<String, List<FunctionForm>> index = new TreeMap<>();
    for (Class<?> helper : HELPERS) {
      Method[] methods = helper.getMethods();
      Arrays.sort(methods, Comparator.comparing(Method::toString)); // reflection's order is unspecified
      for (Method method : methods) {
        SqlFunction function = method.getAnnotation(SqlFunction.class);
        if (function == null) {
          continue;
        }
        FunctionForm form = FunctionForm.of(method, function.fold(), function.mayBeNull());
        for (String name : function.value()) {
          index.computeIfAbsent(name, k -> new ArrayList<>()).add(form);
        }
      }
    }
    for (Map.Entry<String, List<FunctionForm>> entry : index.entrySet()) {
      entry.setValue(Collections.unmodifiableList(entry.getValue()));
    }
    return Collections.unmodifiableMap(index);
  }
}
