package io.sluice.engine.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.codegen.RuntimeFunctions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A run-time method marked {@code @SqlFunction} is reachable from SQL only once functions.json
 * declares it (SHOW FUNCTIONS, help and JDBC metadata read the declaration, and
 * FunctionExamplesTest runs its examples through the method): every such name must be declared,
 * as a scalar function.
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
    for (String name : List.of("ASCII", "UPPER", "SUBSTRING", "CHARACTER_LENGTH")) {
      assertTrue(names.contains(name), name + " in " + names);
    }
  }
}
