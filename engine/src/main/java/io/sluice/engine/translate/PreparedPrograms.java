package io.sluice.engine.translate;

import io.sluice.catalog.SluiceException;
import io.sluice.codegen.FilterProjectCompiler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;

/**
 * The compiled programs of one prepared plan, made at its first run from its expressions with
 * their {@code ?} parameters left in and kept while the plan is: every later run takes each as
 * it is and gives it its values as constants ({@link FilterProjectCompiler.Compiled#bind}), so it
 * generates no source and loads no class. An expression that cannot be compiled with parameters
 * (one whose generator needs a value, as a LIKE pattern may) is remembered as such and compiled
 * with the values of each run bound in, as before.
 */
public final class PreparedPrograms {
  /** What a program is compiled from. RexNodes and types compare by their digests. */
  private record Key(RelDataType inputType, RexNode condition, List<RexNode> projects, RelDataType outputType) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && inputType == key.inputType && outputType == key.outputType
          && Objects.equals(condition, key.condition) && projects.equals(key.projects);
    }

    @Override
    public int hashCode() {
      return Objects.hash(System.identityHashCode(inputType), condition, projects);
    }
  }

  /** Programs by what they were compiled from; null for an expression that binds its values each run. */
  private final Map<Key, FilterProjectCompiler.Compiled> programs = new HashMap<>();

  /**
   * The program compiled from these expressions with their parameters left in, compiled now by
   * {@code compiler} the first time (counted in {@code generated}); null when they must be compiled
   * with each run's values.
   */
  synchronized FilterProjectCompiler.Compiled program(RelDataType inputType, RexNode condition, List<RexNode> projects,
      RelDataType outputType, FilterProjectCompiler compiler, LongAdder generated) {
    Key key = new Key(inputType, condition, projects, outputType);
    if (programs.containsKey(key)) {
      return programs.get(key);
    }
    FilterProjectCompiler.Compiled program;
    generated.increment();
    try {
      program = compiler.compile(inputType, condition, projects, outputType);
    } catch (SluiceException e) {
      program = null; // compiled with the values bound, where a real error in the expressions shows too
    }
    programs.put(key, program);
    return program;
  }

  /** How many programs the plan keeps, for tests. */
  synchronized int size() {
    return programs.size();
  }
}
