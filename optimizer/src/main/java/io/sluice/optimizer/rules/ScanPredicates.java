package io.sluice.optimizer.rules;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.connector.ColumnPredicate;
import io.sluice.optimizer.analysis.TypeMapping;
import io.sluice.optimizer.schema.SluiceTableScan;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.NlsString;

/**
 * The conjuncts pushed into a scan, as the connector takes them: {@link ColumnPredicate}s in
 * table column numbers with values in their internal form. A comparison with a {@code ?}
 * parameter of a prepared query is kept apart as an expression, made a predicate when the run's
 * values are bound ({@link #of(RexNode, int[], List)}).
 *
 * @param predicates the conjuncts whose values are known
 * @param withParameters the comparisons with a parameter, over the scan's output columns
 */
public record ScanPredicates(List<ColumnPredicate> predicates, List<RexNode> withParameters) {

  /** The pushed conjuncts of {@code scan}. */
  public static ScanPredicates of(SluiceTableScan scan) {
    List<ColumnPredicate> known = new ArrayList<>();
    List<RexNode> withParameters = new ArrayList<>();
    if (scan.pushedPredicate() != null) {
      List<RelDataType> types = RelOptUtil.getFieldTypeList(scan.getRowType());
      for (RexNode conjunct : RelOptUtil.conjunctions(scan.pushedPredicate())) {
        if (hasParameter(conjunct)) {
          withParameters.add(conjunct);
          continue;
        }
        ColumnPredicate predicate = of(conjunct, scan.columns(), types);
        if (predicate != null) {
          known.add(predicate);
        }
      }
    }
    return new ScanPredicates(List.copyOf(known), List.copyOf(withParameters));
  }

  private static boolean hasParameter(RexNode conjunct) {
    return conjunct instanceof RexCall call && call.getOperands().size() == 2
        && (call.getOperands().get(0) instanceof RexDynamicParam || call.getOperands().get(1) instanceof RexDynamicParam);
  }

  /**
   * {@code conjunct}, a comparison of a scan's output column with a literal (or IS [NOT] NULL),
   * as a predicate in table column numbers ({@code columns} maps the scan's output to them;
   * {@code types} are the output's types), or null when it makes no safe hint.
   */
  public static ColumnPredicate of(RexNode conjunct, int[] columns, List<RelDataType> types) {
    if (!(conjunct instanceof RexCall)) {
      return null;
    }
    RexCall call = (RexCall) conjunct;
    if (call.getKind() == SqlKind.IS_NULL || call.getKind() == SqlKind.IS_NOT_NULL) {
      int ref = PushFilterIntoScanRule.column(call.getOperands().get(0)).getIndex();
      return new ColumnPredicate(columns[ref], call.getKind() == SqlKind.IS_NULL
          ? ColumnPredicate.Operator.IS_NULL : ColumnPredicate.Operator.IS_NOT_NULL, null);
    }
    RexNode a = call.getOperands().get(0);
    RexNode b = call.getOperands().get(1);
    boolean flipped = literal(a) != null;
    RexLiteral literal = literal(flipped ? a : b);
    if (literal == null) {
      return null;
    }
    RexInputRef ref = PushFilterIntoScanRule.column(flipped ? b : a);
    if (ref == null) {
      return null;
    }
    DataType columnType = TypeMapping.toDataType(types.get(ref.getIndex()));
    Object value = internalValue(literal, columnType);
    ColumnPredicate.Operator op = operator(flipped ? call.getKind().reverse() : call.getKind());
    return value == null || op == null ? null : new ColumnPredicate(columns[ref.getIndex()], op, value);
  }

  /** A literal, also one cast only to make it nullable (as a bound parameter may be), or null. */
  private static RexLiteral literal(RexNode node) {
    if (node instanceof RexLiteral literal) {
      return literal;
    }
    if (node.getKind() == SqlKind.CAST && ((RexCall) node).getOperands().get(0) instanceof RexLiteral literal
        && org.apache.calcite.sql.type.SqlTypeUtil.equalSansNullability(literal.getType(), node.getType())) {
      return literal;
    }
    return null;
  }

  private static ColumnPredicate.Operator operator(SqlKind kind) {
    switch (kind) {
      case EQUALS: return ColumnPredicate.Operator.EQUALS;
      case NOT_EQUALS: return ColumnPredicate.Operator.NOT_EQUALS;
      case LESS_THAN: return ColumnPredicate.Operator.LESS_THAN;
      case LESS_THAN_OR_EQUAL: return ColumnPredicate.Operator.LESS_THAN_OR_EQUAL;
      case GREATER_THAN: return ColumnPredicate.Operator.GREATER_THAN;
      case GREATER_THAN_OR_EQUAL: return ColumnPredicate.Operator.GREATER_THAN_OR_EQUAL;
      default: return null;
    }
  }

  /**
   * The literal in the internal form of the column's type (Long, Double, Boolean, String), or
   * null when the two types don't share a form and the hint is better dropped.
   */
  static Object internalValue(RexLiteral literal, DataType columnType) {
    if (literal.isNull()) {
      return null;
    }
    DataType literalType = TypeMapping.toDataType(literal.getType());
    switch (columnType.kind()) {
      case TINYINT:
      case SMALLINT:
      case INTEGER:
      case BIGINT:
        return literalType.kind().isIntegral() ? literal.getValueAs(Long.class) : null;
      case DECIMAL: {
        BigDecimal d = literal.getValueAs(BigDecimal.class);
        if (d == null || literalType.kind() == TypeKind.DOUBLE || literalType.kind() == TypeKind.REAL
            || columnType.isWideDecimal()) {
          return null; // a wide column's values are 16-byte WideDecimals, not longs: no hint
        }
        try {
          return d.setScale(columnType.scale()).unscaledValue().longValueExact();
        } catch (ArithmeticException e) {
          return null; // not exact at the column's scale: no safe hint
        }
      }
      case REAL:
      case DOUBLE:
        return literalType.kind().isNumeric() ? literal.getValueAs(Double.class) : null;
      case BOOLEAN:
        return literalType.kind() == TypeKind.BOOLEAN ? literal.getValueAs(Boolean.class) : null;
      case CHAR:
      case VARCHAR: {
        if (!literalType.kind().isString()) {
          return null;
        }
        NlsString s = literal.getValueAs(NlsString.class);
        return s == null ? null : s.getValue();
      }
      case DATE:
        return literalType.kind() == TypeKind.DATE ? literal.getValueAs(Integer.class).longValue() : null;
      case TIMESTAMP:
        return literalType.kind() == TypeKind.TIMESTAMP ? literal.getValueAs(Long.class) : null;
      case TIME:
        return literalType.kind() == TypeKind.TIME ? literal.getValueAs(Integer.class).longValue() : null;
      default:
        return null;
    }
  }
}
