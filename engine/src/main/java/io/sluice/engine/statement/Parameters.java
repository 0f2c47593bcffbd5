package io.sluice.engine.statement;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.Names;
import io.sluice.catalog.SluiceException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimeString;
import org.apache.calcite.util.TimestampString;

/**
 * Binds values to a plan's {@code ?} parameters. Values become literals in the plan, so they
 * reach generated code the way every literal does: as constants passed in, never as text.
 */
final class Parameters {
  private Parameters() {}

  static RelNode bind(RelNode plan, List<Object> values, List<DataType> types, RexBuilder rexBuilder) {
    checkCount(values, types);
    if (types.isEmpty()) {
      return plan;
    }
    return new Binder(values, types, rexBuilder).bindPlan(plan);
  }

  /**
   * What puts {@code values} in place of the parameters of one expression: the literals a
   * prepared plan's expressions take at each run (the plan itself keeps its parameters).
   */
  static RexShuttle binder(List<Object> values, List<DataType> types, RexBuilder rexBuilder) {
    checkCount(values, types);
    return new Binder(values, types, rexBuilder);
  }

  private static void checkCount(List<Object> values, List<DataType> types) {
    if (values.size() != types.size()) {
      throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "The statement has " + types.size()
          + " parameters but " + values.size() + (values.size() == 1 ? " value was" : " values were") + " given");
    }
  }

  /** Replaces parameters in every expression of the plan, subqueries included. */
  private static final class Binder extends RexShuttle {
    private final List<Object> values;
    private final List<DataType> types;
    private final RexBuilder rexBuilder;

    Binder(List<Object> values, List<DataType> types, RexBuilder rexBuilder) {
      this.values = values;
      this.types = types;
      this.rexBuilder = rexBuilder;
    }

    RelNode bindPlan(RelNode plan) {
      Binder self = this;
      return plan.accept(new RelHomogeneousShuttle() {
        @Override
        public RelNode visit(RelNode other) {
          return super.visit(other).accept(self);
        }
      });
    }

    @Override
    public RexNode visitSubQuery(RexSubQuery subQuery) {
      RexSubQuery visited = (RexSubQuery) super.visitSubQuery(subQuery);
      return visited.clone(bindPlan(visited.rel));
    }

    @Override
    public RexNode visitDynamicParam(RexDynamicParam param) {
      int index = param.getIndex();
      Object value = values.get(index);
      if (value == null) {
        return rexBuilder.makeNullLiteral(param.getType());
      }
      if (value instanceof CharSequence) {
        Names.checkCharacters("Parameter " + (index + 1), (CharSequence) value);
      }
      try {
        return rexBuilder.makeLiteral(literalValue(value, param.getType()), param.getType(), true);
      } catch (RuntimeException e) {
        throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "Parameter " + (index + 1) + " ("
            + value + ") does not fit type " + types.get(index).sql(), e);
      }
    }
  }

  /**
   * A JDBC-style value in the form Calcite's literals take. A number for a DECIMAL is rounded
   * HALF_UP to its scale, as a cast rounds (Calcite's literal would cut the digits off).
   */
  private static Object literalValue(Object value, RelDataType type) {
    if (type.getSqlTypeName() == SqlTypeName.DECIMAL && value instanceof Number) {
      BigDecimal number = value instanceof BigDecimal ? (BigDecimal) value : new BigDecimal(value.toString());
      return number.setScale(type.getScale(), RoundingMode.HALF_UP);
    }
    if (value instanceof java.sql.Date) {
      value = ((java.sql.Date) value).toLocalDate();
    } else if (value instanceof java.sql.Timestamp) {
      value = ((java.sql.Timestamp) value).toLocalDateTime();
    } else if (value instanceof java.sql.Time) {
      value = ((java.sql.Time) value).toLocalTime();
    }
    if (value instanceof LocalDate) {
      return DateString.fromDaysSinceEpoch((int) ((LocalDate) value).toEpochDay());
    }
    if (value instanceof LocalDateTime) {
      return TimestampString.fromMillisSinceEpoch(io.sluice.catalog.data.Values.timestampFromJava((LocalDateTime) value));
    }
    if (value instanceof LocalTime) {
      return TimeString.fromMillisOfDay((int) (((LocalTime) value).toNanoOfDay() / 1_000_000L));
    }
    if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
      return BigDecimal.valueOf(((Number) value).longValue());
    }
    if (value instanceof Float || value instanceof Double) {
      return BigDecimal.valueOf(((Number) value).doubleValue());
    }
    return value;
  }
}
