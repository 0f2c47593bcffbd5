package io.sluice.codegen;

import static io.sluice.codegen.TypeCode.typeOf;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.WideDecimal;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexLiteral;

/**
 * Literals and {@code ?} parameters. A literal's value never enters the source text: it becomes a
 * field filled from the constants array passed to the generated constructor, so queries that
 * differ only in literals share one class. A parameter is such a field whose constant each run
 * of a prepared statement supplies ({@link FilterProjectCompiler.Compiled#bind}).
 */
final class LiteralGenerator {
  private final ClassState state;

  LiteralGenerator(ClassState state) {
    this.state = state;
  }

  Val literal(RexLiteral lit) {
    DataType t = typeOf(lit.getType());
    if (lit.isNull() || t.kind() == TypeKind.NULL) {
      return Results.nullOf(t, lit.getType());
    }
    return constant(t, lit.getType(), constantOf(lit, t), null);
  }

  /**
   * A parameter: a field like a literal's, never NULL (a run whose value is NULL compiles that
   * value as a literal instead), filled from the constant the run binds.
   */
  Val parameter(RexDynamicParam parameter) {
    DataType t = typeOf(parameter.getType());
    if (t.kind() == TypeKind.NULL) {
      return Results.nullOf(t, parameter.getType());
    }
    return constant(t, parameter.getType(), null, parameter);
  }

  /** A field of type {@code t} holding {@code value}, or the value of {@code parameter} when that is not null. */
  private Val constant(DataType t, RelDataType rel, Object value, RexDynamicParam parameter) {
    switch (t.kind()) {
      case BOOLEAN:
        return new Val(t, rel, "false", field("boolean", value, "((Boolean) #).booleanValue()", parameter), null, null);
      case REAL:
      case DOUBLE:
        return new Val(t, rel, "false", field("double", value, "((Double) #).doubleValue()", parameter), null, null);
      case CHAR:
      case VARCHAR: {
        String c = field("byte[]", value, "(byte[]) #", parameter);
        return new Val(t, rel, "false", c, "0", c + ".length");
      }
      case DECIMAL:
        if (t.isWideDecimal()) {
          String c = field("byte[]", value, "(byte[]) #", parameter);
          return new Val(t, rel, "false", c, "0", String.valueOf(WideDecimal.BYTES));
        }
        return new Val(t, rel, "false", field("long", value, "((Long) #).longValue()", parameter), null, null);
      default:
        return new Val(t, rel, "false", field("long", value, "((Long) #).longValue()", parameter), null, null);
    }
  }

  private String field(String javaType, Object value, String unbox, RexDynamicParam parameter) {
    return parameter == null ? state.constant(javaType, value, unbox) : state.parameter(javaType, unbox, parameter);
  }

  /**
   * The constant generated code reads for the non-null literal {@code lit} in a field of type
   * {@code t}: a Boolean, a Double, the UTF-8 bytes of a string, a wide DECIMAL's encoding, or else a
   * Long (the internal long of integers, narrow DECIMALs at {@code t}'s scale, dates, times, intervals).
   */
  static Object constantOf(RexLiteral lit, DataType t) {
    switch (t.kind()) {
      case BOOLEAN:
        return lit.getValueAs(Boolean.class);
      case REAL:
      case DOUBLE:
        return lit.getValueAs(Double.class);
      case CHAR:
      case VARCHAR:
        return lit.getValueAs(String.class).getBytes(StandardCharsets.UTF_8);
      case DECIMAL:
        if (t.isWideDecimal()) {
          return WideDecimal.encode(lit.getValueAs(BigDecimal.class), t);
        }
        return literalLong(lit, t);
      default:
        return literalLong(lit, t);
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
