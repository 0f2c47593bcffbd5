package io.sluice.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.optimizer.functions.DeclaredFunctions;
import io.sluice.optimizer.functions.FunctionRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The validator's operators as this build ships them. */
class SluiceOperatorTableTest {
  /**
   * A function Sluice declares itself must not share its name with one of Calcite's operators (a
   * call would be ambiguous). Checked here, against the registry the build carries, rather than each
   * time the table is built: that took 2 % of a short command's main thread.
   */
  @Test
  void noDeclaredFunctionHasTheNameOfOneOfCalcitesOperators() {
    FunctionRegistry registry = FunctionRegistry.instance();
    assertEquals(List.of(), DeclaredFunctions.namesTaken(registry, SluiceOperatorTable.calciteOperators(registry)));
  }

  @Test
  void theTableHasCalcitesOperatorsAndTheDeclaredOnes() {
    assertTrue(QueryPlanner.operatorNames().containsAll(List.of("UPPER", "LEFT", "TRANSLATE3", "SUBSTR", "TUMBLE")),
        QueryPlanner.operatorNames().toString());
    for (var function : FunctionRegistry.instance().all()) {
      if (function.declaration() != null) {
        assertTrue(QueryPlanner.operatorNames().contains(function.name()), function.name());
      }
    }
  }
}
