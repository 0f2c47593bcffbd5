package io.sluice.codegen;

import io.sluice.runtime.function.Arith;
import io.sluice.runtime.function.Casts;
import io.sluice.runtime.function.DateTimes;
import io.sluice.runtime.function.Decimals;
import io.sluice.runtime.function.Maths;
import io.sluice.runtime.function.Scratch;
import io.sluice.runtime.function.SqlFunction;
import io.sluice.runtime.function.Strings;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The scalar functions implemented by a run-time method marked {@link SqlFunction}, found once by
 * reflection over the helper classes generated code calls.
 */
public final class RuntimeFunctions {
  /** The classes whose methods may implement functions; each is imported by generated code. */
  private static final List<Class<?>> HELPERS = List.of(Strings.class, Arith.class, DateTimes.class,
      Decimals.class, Casts.class, Maths.class);

  private static final Map<String, List<Method>> BY_NAME = index();

  private RuntimeFunctions() {}

  /** Upper-case names of the functions implemented this way. */
  public static List<String> names() {
    return new ArrayList<>(BY_NAME.keySet());
  }

  /** The method that implements {@code name} called with {@code arguments} SQL arguments. */
  static Optional<Method> lookup(String name, int arguments) {
    for (Method method : BY_NAME.getOrDefault(name, List.of())) {
      if (arguments(method) == arguments) {
        return Optional.of(method);
      }
    }
    return Optional.empty();
  }

  /** How many SQL arguments a method takes: a string is three Java parameters, a scratch buffer none. */
  static int arguments(Method method) {
    int count = 0;
    Class<?>[] parameters = method.getParameterTypes();
    for (int i = 0; i < parameters.length; i++) {
      if (parameters[i] == byte[].class) {
        i += 2;
      } else if (parameters[i] == Scratch.class) {
        continue;
      }
      count++;
    }
    return count;
  }

  private static Map<String, List<Method>> index() {
    Map<String, List<Method>> index = new TreeMap<>();
    for (Class<?> helper : HELPERS) {
      for (Method method : helper.getMethods()) {
        SqlFunction function = method.getAnnotation(SqlFunction.class);
        if (function == null) {
          continue;
        }
        check(method);
        for (String name : function.value()) {
          index.computeIfAbsent(name, k -> new ArrayList<>()).add(method);
        }
      }
    }
    for (Map.Entry<String, List<Method>> entry : index.entrySet()) {
      entry.setValue(Collections.unmodifiableList(entry.getValue()));
    }
    return Collections.unmodifiableMap(index);
  }

  /** Fails at start-up, naming the method, when it cannot be called the way {@link SqlFunction} says. */
  private static void check(Method method) {
    Class<?>[] parameters = method.getParameterTypes();
    boolean ok = Modifier.isStatic(method.getModifiers());
    for (int i = 0; ok && i < parameters.length; i++) {
      Class<?> p = parameters[i];
      if (p == byte[].class) {
        ok = i + 2 < parameters.length && parameters[i + 1] == int.class && parameters[i + 2] == int.class;
        i += 2;
      } else if (p == Scratch.class) {
        ok = i == parameters.length - 1 && method.getReturnType() == int.class;
      } else {
        ok = p == long.class || p == double.class || p == boolean.class;
      }
    }
    Class<?> result = method.getReturnType();
    ok &= result == int.class || result == long.class || result == double.class || result == boolean.class;
    if (!ok) {
      throw new IllegalStateException("@SqlFunction method " + method + " does not have the form SqlFunction describes");
    }
  }
}
