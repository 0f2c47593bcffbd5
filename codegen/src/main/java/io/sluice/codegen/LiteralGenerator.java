package io.sluice.codegen;

import static io.sluice.codegen.TypeCode.typeOf;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.WideDecimal;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.apache.calcite.rex.RexLiteral;

/**
 * Literals. A literal's value never enters the source text: it becomes a field filled from the
 * constants array passed to the generated constructor, so queries that differ only in literals
 * share one class.
 */
final class LiteralGenerator {
  private final ClassState state;

  LiteralGenerator(ClassState state) {
    this.state = state;
  }

  Val literal(RexLiteral lit) {
    DataType t = typeOf(lit.getType());
    if (lit.isNull()) {
      return Results.nullOf(t, lit.getType());
    }
    switch (t.kind()) {
      case BOOLEAN:
        return new Val(t, lit.getType(), "false",
            state.constant("boolean", lit.getValueAs(Boolean.class), "((Boolean) #).booleanValue()"), null, null);
      case REAL:
      case DOUBLE:
        return new Val(t, lit.getType(), "false",
            state.constant("double", lit.getValueAs(Double.class), "((Double) #).doubleValue()"), null, null);
      case CHAR:
      case VARCHAR: {
        byte[] bytes = lit.getValueAs(String.class).getBytes(StandardCharsets.UTF_8);
        String c = state.constant("byte[]", bytes, "(byte[]) #");
        return new Val(t, lit.getType(), "false", c, "0", c + ".length");
      }
      case NULL:
        return Results.nullOf(t, lit.getType());
      case DECIMAL:
        if (t.isWideDecimal()) {
          String c = state.constant("byte[]", WideDecimal.encode(lit.getValueAs(BigDecimal.class), t), "(byte[]) #");
          return new Val(t, lit.getType(), "false", c, "0", String.valueOf(WideDecimal.BYTES));
        }
        return new Val(t, lit.getType(), "false",
            state.constant("long", literalLong(lit, t), "((Long) #).longValue()"), null, null);
      default:
        return new Val(t, lit.getType(), "false",
            state.constant("long", literalLong(lit, t), "((Long) #).longValue()"), null, null);
    }
  }

  /** The internal long of a literal of a LONG-physical type. */
  private static long literalLong(RexLiteral lit, DataType t) {
    switch (t.kind()) {
      case DECIMAL:
        return lit.getValueAs(BigDecimal.class).setScale(t.scale(), java.math.RoundingMode.HALF_UP)
            .unscaledValue().longValueExact();
      case DATE:
        return lit.getValueAs(Integer.class);
      case TIME:
        return lit.getValueAs(Integer.class);
      case TIMESTAMP:
        return lit.getValueAs(Long.class);
      case INTERVAL_DAY_TIME:
      case INTERVAL_YEAR_MONTH:
        return lit.getValueAs(BigDecimal.class).longValueExact();
      default:
        return lit.getValueAs(BigDecimal.class).longValueExact();
    }
  }
}
