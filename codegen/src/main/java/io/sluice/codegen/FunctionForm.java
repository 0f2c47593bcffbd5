package io.sluice.codegen;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import io.sluice.runtime.function.Scratch;
import io.sluice.runtime.function.SqlFunction;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How one {@link SqlFunction} method takes its SQL arguments and gives its result, read once from
 * its parameters, and how well it fits a call's argument types: overloads of one function by
 * argument type (ABS of an integer, a double, a DECIMAL) are told apart here.
 */
final class FunctionForm {
  /** The Java parameters of one SQL argument. */
  enum Argument {
    INTEGER, TIMESTAMP, INTERVAL, DOUBLE, BOOLEAN, STRING, DECIMAL, WIDE_DECIMAL
  }

  final Method method;
  final List<Argument> arguments;
  /** A string result written into a last {@link Scratch} parameter, the method returning its length. */
  final boolean intoScratch;
  /**
   * A last {@link Scratch} parameter: a string result's buffer ({@link #intoScratch}), or where a
   * method with another result keeps what it compiles from a constant argument.
   */
  final boolean takesScratch;
  /** A wide DECIMAL result written into a last {@code byte[]} parameter, the method returning nothing. */
  final boolean intoWideBuffer;
  final boolean fold;
  /** A string result in the scratch buffer that is NULL when the method returns a negative length. */
  final boolean mayBeNull;

  private FunctionForm(Method method, List<Argument> arguments, boolean takesScratch, boolean intoWideBuffer,
      boolean fold, boolean mayBeNull) {
    this.method = method;
    this.arguments = Collections.unmodifiableList(arguments);
    this.takesScratch = takesScratch;
    this.intoScratch = takesScratch && method.getReturnType() == int.class;
    this.intoWideBuffer = intoWideBuffer;
    this.fold = fold;
    this.mayBeNull = mayBeNull;
  }

  /** The form of {@code method}; fails, naming it, when it cannot be called the way {@link SqlFunction} says. */
  static FunctionForm of(Method method, boolean fold, boolean mayBeNull) {
    Class<?>[] parameters = method.getParameterTypes();
    Annotation[][] annotations = method.getParameterAnnotations();
    Class<?> result = method.getReturnType();
    List<Argument> arguments = new ArrayList<>();
    boolean takesScratch = false;
    boolean intoWideBuffer = false;
    boolean ok = Modifier.isStatic(method.getModifiers());
    for (int i = 0; ok && i < parameters.length; i++) {
      Class<?> p = parameters[i];
      boolean last = i == parameters.length - 1;
      if (p == long.class && has(annotations[i], SqlFunction.Decimal.class)) {
        ok = follows(parameters, i, int.class, int.class);
        arguments.add(Argument.DECIMAL);
        i += 2;
      } else if (p == long.class && has(annotations[i], SqlFunction.WideDecimal.class)) {
        ok = follows(parameters, i, long.class, int.class, int.class);
        arguments.add(Argument.WIDE_DECIMAL);
        i += 3;
      } else if (p == long.class && has(annotations[i], SqlFunction.Timestamp.class)) {
        arguments.add(Argument.TIMESTAMP);
      } else if (p == long.class && has(annotations[i], SqlFunction.Interval.class)) {
        arguments.add(Argument.INTERVAL);
      } else if (p == byte[].class && last && result == void.class) {
        intoWideBuffer = true;
      } else if (p == byte[].class) {
        ok = follows(parameters, i, int.class, int.class);
        arguments.add(Argument.STRING);
        i += 2;
      } else if (p == Scratch.class) {
        ok = last;
        takesScratch = true;
      } else if (p == long.class) {
        arguments.add(Argument.INTEGER);
      } else if (p == double.class) {
        arguments.add(Argument.DOUBLE);
      } else {
        ok = p == boolean.class;
        arguments.add(Argument.BOOLEAN);
      }
    }
    if (intoWideBuffer) {
      ok &= !arguments.isEmpty() && arguments.get(0) == Argument.WIDE_DECIMAL;
    } else {
      ok &= result == int.class || result == long.class || result == double.class || result == boolean.class;
    }
    ok &= !fold || arguments.size() == 2;
    ok &= !mayBeNull || takesScratch && result == int.class;
    if (!ok) {
      throw new IllegalStateException("@SqlFunction method " + method + " does not have the form SqlFunction describes");
    }
    return new FunctionForm(method, arguments, takesScratch, intoWideBuffer, fold, mayBeNull);
  }

  private static boolean has(Annotation[] annotations, Class<? extends Annotation> type) {
    for (Annotation a : annotations) {
      if (a.annotationType() == type) {
        return true;
      }
    }
    return false;
  }

  private static boolean follows(Class<?>[] parameters, int at, Class<?>... next) {
    for (int k = 0; k < next.length; k++) {
      if (at + 1 + k >= parameters.length || parameters[at + 1 + k] != next[k]) {
        return false;
      }
    }
    return true;
  }

  /** Whether the result is a DECIMAL of the first argument's type (a string result never is). */
  boolean resultIsFirstArgumentsDecimal() {
    return intoWideBuffer || !intoScratch && !arguments.isEmpty() && arguments.get(0) == Argument.DECIMAL;
  }

  /**
   * How well this form fits a call with arguments of these types: -1 when it cannot take them,
   * otherwise the number of arguments whose type it takes as it is, without a cast.
   */
  int fit(List<DataType> types) {
    if (types.size() != arguments.size() && !(fold && types.size() > arguments.size())) {
      return -1;
    }
    int exact = 0;
    for (int i = 0; i < types.size(); i++) {
      int fit = fit(arguments.get(Math.min(i, arguments.size() - 1)), types.get(i));
      if (fit < 0) {
        return -1;
      }
      exact += fit;
    }
    return exact;
  }

  private static int fit(Argument argument, DataType type) {
    TypeKind kind = type.kind();
    if (kind == TypeKind.NULL) {
      return 0;
    }
    switch (argument) {
      case DECIMAL:
        return kind == TypeKind.DECIMAL && !type.isWideDecimal() ? 1 : -1;
      case WIDE_DECIMAL:
        return type.isWideDecimal() ? 1 : -1;
      case STRING:
        return type.physical() == TypeKind.PhysicalKind.BYTES && !type.isWideDecimal() ? 1 : -1;
      case INTEGER:
        return kind.isIntegral() ? 1 : 0;
      case TIMESTAMP:
        return kind == TypeKind.TIMESTAMP ? 1 : kind == TypeKind.DATE ? 0 : -1;
      case INTERVAL:
        return kind == TypeKind.INTERVAL_DAY_TIME ? 1 : -1;
      case DOUBLE:
        return kind == TypeKind.DOUBLE || kind == TypeKind.REAL ? 1 : 0;
      default:
        return kind == TypeKind.BOOLEAN ? 1 : 0;
    }
  }
}
