package io.sluice.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.function.FunctionInfo;
import io.sluice.catalog.function.FunctionKind;
import io.sluice.catalog.function.ScalarDeclaration;
import io.sluice.optimizer.functions.FunctionRegistry;
import io.sluice.runtime.function.Scratch;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A function is declared once (functions.json) and implemented once (a run-time method marked
 * {@code @SqlFunction}); this keeps the two in step. A method is reachable from SQL only once
 * functions.json declares its name (SHOW FUNCTIONS, help and JDBC metadata read the declaration,
 * and FunctionExamplesTest runs its examples through the method), and every form of a function
 * Sluice declares itself must have a method whose parameters and result are the declared types.
 */
class FunctionImplementationsTest {
  @Test
  void everyRuntimeImplementationIsDeclared() {
    List<String> undeclared = new ArrayList<>();
    for (String name : RuntimeFunctions.names()) {
      Optional<FunctionInfo> declared = FunctionRegistry.instance().lookup(name);
      if (declared.isEmpty() || declared.get().kind() != FunctionKind.SCALAR) {
        undeclared.add(name);
      }
    }
    assertEquals(List.of(), undeclared, "implemented by an @SqlFunction method but not declared in functions.json");
  }

  @Test
  void theRuntimeImplementationsAreFound() {
    List<String> names = RuntimeFunctions.names();
    for (String name : List.of("ASCII", "UPPER", "SUBSTRING", "CHARACTER_LENGTH", "STARTS_WITH", "SQRT")) {
      assertTrue(names.contains(name), name + " in " + names);
    }
  }

  @Test
  void aFunctionsMethodIsChosenByItsArgumentsTypes() {
    assertEquals(List.of(long.class), parameters("ABS", DataType.of(TypeKind.INTEGER)));
    assertEquals(List.of(double.class), parameters("ABS", DataType.of(TypeKind.REAL)));
    assertEquals(List.of(long.class, int.class, int.class), parameters("ABS", DataType.decimal(10, 2)));
    assertEquals(List.of(long.class, long.class, int.class, int.class, byte[].class),
        parameters("ABS", DataType.decimal(30, 2)));
    assertEquals(List.of(long.class, int.class, int.class, long.class),
        parameters("ROUND", DataType.decimal(10, 2), DataType.of(TypeKind.INTEGER)));
    // a DECIMAL where only an integer form exists is cast, as before overloads
    assertEquals(List.of(long.class, long.class), parameters("GCD", DataType.decimal(10, 0), DataType.of(TypeKind.BIGINT)));
  }

  @Test
  void aFoldFunctionTakesAnyNumberOfArguments() {
    DataType text = DataType.varchar(-1);
    assertEquals(parameters("CONCAT", text, text), parameters("CONCAT", text, text, text, text));
    assertTrue(RuntimeFunctions.lookup("CONCAT", List.of(text)).isEmpty());
    assertTrue(RuntimeFunctions.lookup("SQRT", List.of(DataType.of(TypeKind.DOUBLE), DataType.of(TypeKind.DOUBLE)))
        .isEmpty());
  }

  private static List<Class<?>> parameters(String name, DataType... types) {
    Method method = RuntimeFunctions.lookup(name, List.of(types)).orElseThrow().method;
    return List.of(method.getParameterTypes());
  }

  @Test
  void everyFormOfADeclaredFunctionHasAMethodOfItsTypes() {
    List<String> wrong = new ArrayList<>();
    int forms = 0;
    for (FunctionInfo function : FunctionRegistry.instance().all()) {
      ScalarDeclaration declaration = function.declaration();
      if (declaration == null
          || DateTimeGenerator.currentTime(function.name(), DataType.of(declaration.returns()), null) != null) {
        continue; // NOW() is a value of the query, as CURRENT_TIMESTAMP, not a call per row
      }
      for (List<TypeKind> form : declaration.forms()) {
        forms++;
        String call = function.name() + form + " -> " + declaration.returns();
        List<DataType> types = new ArrayList<>();
        for (TypeKind kind : form) {
          types.add(DataType.of(kind));
        }
        Optional<Method> method = RuntimeFunctions.lookup(function.name(), types).map(f -> f.method);
        if (method.isEmpty()) {
          wrong.add(call + ": no @SqlFunction method");
        } else if (!parametersMatch(method.get(), form) || !resultMatches(method.get(), declaration.returns())) {
          wrong.add(call + ": " + method.get());
        }
      }
    }
    assertEquals(List.of(), wrong);
    assertTrue(forms >= 1, "no declared function");
  }

  private static boolean parametersMatch(Method method, List<TypeKind> form) {
    Class<?>[] parameters = method.getParameterTypes();
    int at = 0;
    for (TypeKind kind : form) {
      if (at >= parameters.length) {
        return false;
      }
      Class<?> expected = kind == TypeKind.VARCHAR ? byte[].class
          : kind == TypeKind.BIGINT || kind == TypeKind.TIMESTAMP || kind == TypeKind.INTERVAL_DAY_TIME ? long.class
          : kind == TypeKind.DOUBLE ? double.class : boolean.class;
      if (parameters[at] != expected) {
        return false;
      }
      if (kind == TypeKind.TIMESTAMP && !marked(method, at, io.sluice.runtime.function.SqlFunction.Timestamp.class)) {
        return false; // a TIMESTAMP is a long marked @SqlFunction.Timestamp, told apart from an integer
      }
      if (kind == TypeKind.INTERVAL_DAY_TIME
          && !marked(method, at, io.sluice.runtime.function.SqlFunction.Interval.class)) {
        return false;
      }
      at += kind == TypeKind.VARCHAR ? 3 : 1;
    }
    return at == parameters.length || at == parameters.length - 1 && parameters[at] == Scratch.class;
  }

  private static boolean marked(Method method, int parameter, Class<?> type) {
    for (java.lang.annotation.Annotation annotation : method.getParameterAnnotations()[parameter]) {
      if (annotation.annotationType() == type) {
        return true;
      }
    }
    return false;
  }

  /**
   * A string is written into the scratch buffer (its length returned) or is a view of the first
   * argument; another result is returned, the scratch buffer (if any) only keeping what the method
   * compiled from a constant argument.
   */
  private static boolean resultMatches(Method method, TypeKind returns) {
    Class<?>[] parameters = method.getParameterTypes();
    boolean scratch = parameters.length > 0 && parameters[parameters.length - 1] == Scratch.class;
    Class<?> result = method.getReturnType();
    switch (returns) {
      case VARCHAR:
        return scratch ? result == int.class : result == long.class && parameters.length > 0
            && parameters[0] == byte[].class;
      case BIGINT:
        return result == long.class || !scratch && result == int.class;
      case DATE:
      case TIMESTAMP:
        return result == long.class; // days; milliseconds
      case DOUBLE:
        return result == double.class;
      default:
        return result == boolean.class;
    }
  }
}
