package io.sluice.codegen;

import static io.sluice.codegen.TypeCode.asDouble;
import static io.sluice.codegen.TypeCode.checkIntegral;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import io.sluice.runtime.function.SqlFunction;
import java.lang.reflect.Method;
import org.apache.calcite.rel.type.RelDataType;

/**
 * A call of a run-time method marked {@link SqlFunction}, written from the method's parameters
 * ({@link FunctionForm}). Every argument and result is a primitive or a buffer owned by the call
 * site, so the call allocates nothing per row and the JIT compiler can inline it.
 */
final class RuntimeCallGenerator {
  private final ExpressionGenerator expressions;

  RuntimeCallGenerator(ExpressionGenerator expressions) {
    this.expressions = expressions;
  }

  Val call(FunctionForm form, Val[] ops, DataType type, RelDataType rel, Body b) {
    String scratch = form.takesScratch ? expressions.state.scratch() : null;
    String wideBuffer = form.intoWideBuffer ? expressions.wideDecimals.buffer() : null;
    if (ops.length == form.arguments.size()) {
      return one(form, ops, scratch, wideBuffer, type, rel, b);
    }
    // a fold: f(f(a, b), c), each step writing into the same buffer
    Val result = ops[0];
    for (int i = 1; i < ops.length; i++) {
      result = one(form, new Val[] {result, ops[i]}, scratch, wideBuffer, type, rel, b);
    }
    return result;
  }

  private Val one(FunctionForm form, Val[] ops, String scratch, String wideBuffer, DataType type, RelDataType rel,
      Body b) {
    Method method = form.method;
    StringBuilder call = new StringBuilder(method.getDeclaringClass().getSimpleName()).append('.')
        .append(method.getName()).append('(');
    for (int i = 0; i < ops.length; i++) {
      if (i > 0) {
        call.append(", ");
      }
      call.append(argument(form.arguments.get(i), ops[i], b));
    }
    String extra = scratch != null ? scratch : wideBuffer;
    if (extra != null) {
      call.append(ops.length > 0 ? ", " : "").append(extra);
    }
    String expression = call.append(')').toString();
    Results results = expressions.results;
    if (form.intoScratch && form.mayBeNull) {
      return results.scratchOrNull(b, type, rel, scratch, expression, ops);
    }
    if (form.intoScratch) {
      return results.strictScratch(b, type, rel, scratch, expression, ops);
    }
    if (form.resultIsFirstArgumentsDecimal()) {
      DataType decimal = ops[0].type;
      Val value = form.intoWideBuffer ? expressions.wideDecimals.wideResult(b, decimal, null, expression, wideBuffer, ops)
          : results.strict(b, decimal, null, expression, ops);
      return expressions.casts.cast(b, value, type, rel);
    }
    if (type.physical() == TypeKind.PhysicalKind.BYTES) {
      return results.strictView(b, type, rel, ops[0], expression, ops);
    }
    DataType javaResult = javaResult(method.getReturnType());
    if (javaResult.physical() == type.physical() && type.kind() != TypeKind.DECIMAL && type.kind() != TypeKind.REAL) {
      return results.strict(b, type, rel, checkIntegral(type.kind(), expression), ops);
    }
    Val value = results.strict(b, javaResult, rel, expression, ops);
    return expressions.casts.cast(b, value, type, rel);
  }

  private String argument(FunctionForm.Argument form, Val op, Body b) {
    switch (form) {
      case STRING:
        return op.args();
      case INTEGER:
        return expressions.casts.asLong(b, op);
      case TIMESTAMP:
        return op.kind() == TypeKind.TIMESTAMP ? op.value
            : expressions.casts.cast(b, op, DataType.of(TypeKind.TIMESTAMP), null).value;
      case DOUBLE:
        return asDouble(op);
      case DECIMAL:
        return op.value + ", " + op.type.precision() + ", " + op.type.scale();
      case WIDE_DECIMAL:
        return WideDecimalGenerator.halves(op) + ", " + op.type.precision() + ", " + op.type.scale();
      default:
        return op.value;
    }
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
