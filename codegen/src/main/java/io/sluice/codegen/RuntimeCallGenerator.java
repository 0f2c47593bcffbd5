package io.sluice.codegen;

import static io.sluice.codegen.TypeCode.asDouble;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import io.sluice.runtime.function.Scratch;
import io.sluice.runtime.function.SqlFunction;
import java.lang.reflect.Method;
import org.apache.calcite.rel.type.RelDataType;

/** A call of a run-time method marked {@link SqlFunction}, written from the method's parameters. */
final class RuntimeCallGenerator {
  private final ExpressionGenerator expressions;

  RuntimeCallGenerator(ExpressionGenerator expressions) {
    this.expressions = expressions;
  }

  Val call(Method method, Val[] ops, DataType type, RelDataType rel, Body b) {
    Class<?>[] parameters = method.getParameterTypes();
    boolean intoScratch = parameters.length > 0 && parameters[parameters.length - 1] == Scratch.class;
    String scratch = intoScratch ? expressions.state.scratch() : null;
    StringBuilder call = new StringBuilder(method.getDeclaringClass().getSimpleName()).append('.')
        .append(method.getName()).append('(');
    int operand = 0;
    for (int i = 0; i < parameters.length; i++) {
      if (i > 0) {
        call.append(", ");
      }
      Class<?> p = parameters[i];
      if (p == byte[].class) {
        call.append(ops[operand++].args());
        i += 2;
      } else if (p == long.class) {
        call.append(expressions.casts.asLong(b, ops[operand++]));
      } else if (p == double.class) {
        call.append(asDouble(ops[operand++]));
      } else if (p == boolean.class) {
        call.append(ops[operand++].value);
      } else {
        call.append(scratch);
      }
    }
    String expression = call.append(')').toString();
    Results results = expressions.results;
    if (intoScratch) {
      return results.strictScratch(b, type, rel, scratch, expression, ops);
    }
    if (type.physical() == TypeKind.PhysicalKind.BYTES) {
      return results.strictView(b, type, rel, ops[0], expression, ops);
    }
    DataType javaResult = javaResult(method.getReturnType());
    if (javaResult.physical() == type.physical() && type.kind() != TypeKind.DECIMAL) {
      return results.strict(b, type, rel, expression, ops);
    }
    Val value = results.strict(b, javaResult, rel, expression, ops);
    return expressions.casts.cast(b, value, type, rel);
  }

  private static DataType javaResult(Class<?> result) {
    if (result == double.class) {
      return DataType.of(TypeKind.DOUBLE);
    }
    if (result == boolean.class) {
      return DataType.of(TypeKind.BOOLEAN);
    }
    return DataType.of(TypeKind.BIGINT);
  }
}
