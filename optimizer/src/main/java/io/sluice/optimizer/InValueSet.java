package io.sluice.optimizer;

import static org.apache.calcite.util.Static.RESOURCE;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptPredicateList;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexSimplify;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.SqlUtil;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;
import org.apache.calcite.sql2rel.SqlRexContext;

/**
 * {@code x IN (v1, ..., vn)} over literal values, validated as IN is and converted straight to one
 * SEARCH of the set of values ({@link RexBuilder#makeIn}), never to an OR of n equalities.
 *
 * <p>Calcite's converter writes a literal IN list as an OR of equalities and simplifies it as it
 * builds a projection, at a cost cubic in the list's length (a 6,000-value list in a SELECT list
 * ran for more than twenty minutes); a SEARCH is built in one pass over the values, and code
 * generation tests a row against it with one lookup in a constant set. {@link LongInLists}
 * puts this operator in place of long literal IN lists before validation.
 *
 * <p>SQL's NULL rules hold: the values are compared in the type common to the operand and all of
 * them (as each equality would), a NULL probe gives NULL, and a NULL among the values stays beside
 * the SEARCH as an equality with NULL, so {@code x IN (1, NULL)} is NULL for every x but 1 and
 * {@code x NOT IN (1, NULL)} (the NOT of this call) is never true.
 */
final class InValueSet extends SqlOperator {
  static final InValueSet INSTANCE = new InValueSet();

  private InValueSet() {
    // the precedence of IN; unknown types (NULL) take the operand's type
    super("IN", SqlKind.OTHER, 32, 32, null, InferTypes.FIRST_KNOWN, null);
  }

  @Override
  public SqlSyntax getSyntax() {
    return SqlSyntax.SPECIAL;
  }

  @Override
  public RelDataType deriveType(SqlValidator validator, SqlValidatorScope scope, SqlCall call) {
    Set<RelDataType> types = new LinkedHashSet<>();
    boolean nullable = false;
    for (SqlNode operand : call.getOperandList()) {
      RelDataType type = validator.deriveType(scope, operand);
      types.add(type);
      nullable |= type.isNullable() || SqlUtil.isNullLiteral(operand, false);
    }
    RelDataTypeFactory typeFactory = validator.getTypeFactory();
    if (typeFactory.leastRestrictive(new ArrayList<>(types)) == null) {
      throw validator.newValidationError(call, RESOURCE.incompatibleTypesInList());
    }
    return typeFactory.createTypeWithNullability(typeFactory.createSqlType(SqlTypeName.BOOLEAN), nullable);
  }

  @Override
  public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
    call.operand(0).unparse(writer, leftPrec, getLeftPrec());
    writer.keyword("IN");
    SqlWriter.Frame frame = writer.startList("(", ")");
    for (SqlNode value : call.getOperandList().subList(1, call.operandCount())) {
      writer.sep(",");
      value.unparse(writer, 0, 0);
    }
    writer.endList(frame);
  }

  /** The SEARCH of {@code call}'s values, with the operand and values cast to their common type. */
  static RexNode convert(SqlRexContext cx, SqlCall call) {
    RexBuilder rexBuilder = cx.getRexBuilder();
    RelDataTypeFactory typeFactory = cx.getTypeFactory();
    SqlValidator validator = cx.getValidator();
    List<SqlNode> operands = call.getOperandList();
    Set<RelDataType> types = new LinkedHashSet<>(); // types are interned: a few distinct ones for many values
    for (SqlNode operand : operands) {
      types.add(validator.getValidatedNodeType(operand));
    }
    RelDataType common = typeFactory.createTypeWithNullability(typeFactory.leastRestrictive(new ArrayList<>(types)),
        false);
    RexNode probe = cx.convertExpression(operands.get(0));
    if (!SqlTypeUtil.equalSansNullability(typeFactory, probe.getType(), common)) {
      probe = rexBuilder.makeCast(typeFactory.createTypeWithNullability(common, probe.getType().isNullable()), probe);
    }
    RexSimplify simplify = new RexSimplify(rexBuilder, RelOptPredicateList.EMPTY, RexUtil.EXECUTOR);
    List<RexNode> values = new ArrayList<>(operands.size() - 1);
    List<RexNode> disjuncts = new ArrayList<>();
    boolean nullValue = false;
    for (SqlNode operand : operands.subList(1, operands.size())) {
      if (SqlUtil.isNullLiteral(operand, false)) {
        nullValue = true;
        continue;
      }
      RexNode value = cx.convertExpression(operand);
      if (!value.getType().equals(common)) {
        value = rexBuilder.makeCast(common, value);
      }
      if (!(value instanceof RexLiteral)) {
        value = simplify.simplifyPreservingType(value); // a signed number, or a cast the builder did not fold
      }
      if (value instanceof RexLiteral) {
        values.add(value);
      } else {
        disjuncts.add(rexBuilder.makeCall(SqlStdOperatorTable.EQUALS, probe, value));
      }
    }
    if (!values.isEmpty()) {
      disjuncts.add(0, rexBuilder.makeIn(probe, values));
    }
    if (nullValue) {
      disjuncts.add(rexBuilder.makeCall(SqlStdOperatorTable.EQUALS, probe, rexBuilder.makeNullLiteral(common)));
    }
    RexNode result = RexUtil.composeDisjunction(rexBuilder, disjuncts);
    return rexBuilder.ensureType(validator.getValidatedNodeType(call), result, true);
  }
}
