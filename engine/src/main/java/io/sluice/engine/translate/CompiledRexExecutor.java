package io.sluice.engine.translate;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.codegen.CodeCache;
import io.sluice.codegen.FilterProjectCompiler;
import io.sluice.optimizer.TypeMapping;
import io.sluice.runtime.generated.QueryContext;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexExecutor;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimeString;
import org.apache.calcite.util.TimestampString;

/**
 * Constant folding with Sluice's own generated code, so a folded value is exactly what the
 * query would have computed at run time. An expression whose evaluation fails (say 1 / 0 in a
 * branch that may never run) is left as it is; the error, if any, comes at run time.
 */
public final class CompiledRexExecutor implements RexExecutor {
  private final CodeCache codeCache;

  public CompiledRexExecutor(CodeCache codeCache) {
    this.codeCache = codeCache;
  }

  @Override
  public void reduce(RexBuilder rexBuilder, List<RexNode> constExps, List<RexNode> reducedValues) {
    try {
      reducedValues.addAll(evaluate(rexBuilder, constExps));
    } catch (RuntimeException e) {
      for (RexNode expression : constExps) {
        try {
          reducedValues.addAll(evaluate(rexBuilder, List.of(expression)));
        } catch (RuntimeException single) {
          reducedValues.add(expression);
        }
      }
    }
  }

  private List<RexNode> evaluate(RexBuilder rexBuilder, List<RexNode> expressions) {
    RelDataTypeFactory factory = rexBuilder.getTypeFactory();
    RelDataType noColumns = factory.builder().build();
    RelDataTypeFactory.Builder output = factory.builder();
    for (int i = 0; i < expressions.size(); i++) {
      output.add("e" + i, expressions.get(i).getType());
    }
    RelDataType outputType = output.build();
    Batch result = new FilterProjectCompiler(codeCache)
        .compile(noColumns, null, expressions, outputType, QueryContext.now(), true).newInstance()
        .process(new Batch(new ColumnVector[0], 1));
    List<RexNode> literals = new ArrayList<>();
    for (int i = 0; i < expressions.size(); i++) {
      RexNode expression = expressions.get(i);
      RelDataType type = expression.getType();
      ColumnVector vector = result.columns[i];
      int row = result.row(0);
      literals.add(vector.isNull(row) ? rexBuilder.makeNullLiteral(type)
          : literal(rexBuilder, TypeMapping.toDataType(type), type, vector.getBoxed(row), expression));
    }
    return literals;
  }

  private static RexNode literal(RexBuilder rexBuilder, DataType dataType, RelDataType type, Object value,
      RexNode original) {
    Object calciteValue;
    switch (dataType.kind()) {
      case BOOLEAN:
        calciteValue = value;
        break;
      case TINYINT:
      case SMALLINT:
      case INTEGER:
      case BIGINT:
      case INTERVAL_YEAR_MONTH:
      case INTERVAL_DAY_TIME:
        calciteValue = BigDecimal.valueOf((Long) value);
        break;
      case DECIMAL:
        calciteValue = value instanceof byte[]
            ? io.sluice.catalog.data.WideDecimal.toBigDecimal((byte[]) value, 0, dataType.scale())
            : BigDecimal.valueOf((Long) value, dataType.scale());
        break;
      case REAL:
      case DOUBLE: {
        double d = (Double) value;
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          return original; // no literal form
        }
        // approximate literals hold a Double; a BigDecimal here would mix value classes in one column
        return rexBuilder.makeApproxLiteral(d, type);
      }
      case CHAR:
      case VARCHAR:
        calciteValue = new String((byte[]) value, java.nio.charset.StandardCharsets.UTF_8);
        if (type.getPrecision() != RelDataType.PRECISION_NOT_SPECIFIED
            && ((String) calciteValue).length() > type.getPrecision()) {
          // a result longer than its type (UPPER('ß') is 'SS'): a literal would be cut to the
          // type's length, while run time keeps the whole value; leave it to run time
          return original;
        }
        break;
      case DATE:
        calciteValue = DateString.fromDaysSinceEpoch(((Long) value).intValue());
        break;
      case TIME:
        calciteValue = TimeString.fromMillisOfDay(((Long) value).intValue());
        break;
      case TIMESTAMP:
        // no rounding to the declared precision: run time keeps milliseconds, and so must folding
        return rexBuilder.makeTimestampLiteral(TimestampString.fromMillisSinceEpoch((Long) value),
            type.getPrecision());
      default:
        return original;
    }
    return rexBuilder.makeLiteral(calciteValue, type, true);
  }
}
