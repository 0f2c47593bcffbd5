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
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexSimplify;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;
import org.apache.calcite.sql2rel.SqlRexContext;

/**
 * {@code (a = x1 AND b = y1) OR (a = x2 AND b = y2) OR ...} over literal values, as one test of
 * the row's tuple {@code (a, b)} against a constant set of tuples, in the SQL tree and in the plan
 * alike: operands are the number of columns k, the k column expressions, then the tuples' values
 * one tuple after another. {@link LongInLists} puts it in place of such ORs before validation.
 *
 * <p>Calcite simplifies an OR of n ANDs at a cost quadratic or worse in n (1,000 tuples took about
 * 30 s), and generated code would test 2n comparisons per row; this call is converted in one pass,
 * the optimizer leaves it whole, and code generation makes it one lookup per column and one in a
 * set of keys ({@code io.sluice.runtime.function.TupleSet}), or the OR as written where it cannot.
 * The values are compared in the type common to each column and its values, as each equality
 * would; NULL rules are the OR's (a NULL in the row gives NULL where a tuple matches its other
 * columns, false otherwise).
 */
public final class InTupleSet extends SqlOperator {
  public static final InTupleSet INSTANCE = new InTupleSet();

  private InTupleSet() {
    super("IN_TUPLES", SqlKind.OTHER_FUNCTION, 32, 32, null, InferTypes.FIRST_KNOWN, null);
  }

  @Override
  public SqlSyntax getSyntax() {
    return SqlSyntax.SPECIAL;
  }

  /** The call for {@code columns} and {@code tuples} (each as many values as columns). */
  static SqlCall call(SqlParserPos pos, List<SqlNode> columns, List<List<SqlNode>> tuples) {
    List<SqlNode> operands = new ArrayList<>(1 + columns.size() * (tuples.size() + 1));
    operands.add(SqlLiteral.createExactNumeric(Integer.toString(columns.size()), pos));
    operands.addAll(columns);
    tuples.forEach(operands::addAll);
    return INSTANCE.createCall(pos, operands);
  }

  /** The number of columns of a call of this operator, SQL or plan. */
  public static int width(List<?> operands) {
    Object first = operands.get(0);
    return first instanceof RexLiteral ? ((RexLiteral) first).getValueAs(Integer.class)
        : ((SqlLiteral) first).intValue(true);
  }

  @Override
  public RelDataType deriveType(SqlValidator validator, SqlValidatorScope scope, SqlCall call) {
    List<SqlNode> operands = call.getOperandList();
    int width = width(operands);
    RelDataTypeFactory typeFactory = validator.getTypeFactory();
    validator.deriveType(scope, operands.get(0));
    boolean nullable = false;
    for (int c = 0; c < width; c++) {
      Set<RelDataType> types = new LinkedHashSet<>();
      for (int i = 1 + c; i < operands.size(); i += width) {
        RelDataType type = validator.deriveType(scope, operands.get(i));
        types.add(type);
        nullable |= type.isNullable();
      }
      if (typeFactory.leastRestrictive(new ArrayList<>(types)) == null) {
        throw validator.newValidationError(call, RESOURCE.incompatibleTypesInList());
      }
    }
    return typeFactory.createTypeWithNullability(typeFactory.createSqlType(SqlTypeName.BOOLEAN), nullable);
  }

  @Override
  public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
    List<SqlNode> operands = call.getOperandList();
    int width = width(operands);
    SqlWriter.Frame or = writer.startList("(", ")");
    for (int t = 1 + width; t < operands.size(); t += width) {
      writer.sep("OR");
      SqlWriter.Frame and = writer.startList("(", ")");
      for (int c = 0; c < width; c++) {
        writer.sep("AND");
        operands.get(1 + c).unparse(writer, 0, 0);
        writer.keyword("=");
        operands.get(t + c).unparse(writer, 0, 0);
      }
      writer.endList(and);
    }
    writer.endList(or);
  }

  /**
   * This operator's call in the plan: each column and its values cast to their common type. Where a
   * value does not fold to a literal of that type the OR is written out instead.
   */
  static RexNode convert(SqlRexContext cx, SqlCall call) {
    RexBuilder rexBuilder = cx.getRexBuilder();
    RelDataTypeFactory typeFactory = cx.getTypeFactory();
    SqlValidator validator = cx.getValidator();
    List<SqlNode> operands = call.getOperandList();
    int width = width(operands);
    RexSimplify simplify = new RexSimplify(rexBuilder, RelOptPredicateList.EMPTY, RexUtil.EXECUTOR);
    List<RexNode> converted = new ArrayList<>(operands.size());
    converted.add(rexBuilder.makeExactLiteral(java.math.BigDecimal.valueOf(width)));
    converted.addAll(java.util.Collections.nCopies(operands.size() - 1, null));
    boolean allLiterals = true;
    for (int c = 0; c < width; c++) {
      Set<RelDataType> types = new LinkedHashSet<>();
      for (int i = 1 + c; i < operands.size(); i += width) {
        types.add(validator.getValidatedNodeType(operands.get(i)));
      }
      RelDataType common = typeFactory.createTypeWithNullability(
          typeFactory.leastRestrictive(new ArrayList<>(types)), false);
      RexNode column = cx.convertExpression(operands.get(1 + c));
      if (!SqlTypeUtil.equalSansNullability(typeFactory, column.getType(), common)) {
        column = rexBuilder.makeCast(typeFactory.createTypeWithNullability(common, column.getType().isNullable()),
            column);
      }
      converted.set(1 + c, column);
      for (int i = 1 + width + c; i < operands.size(); i += width) {
        RexNode value = cx.convertExpression(operands.get(i));
        if (!value.getType().equals(common)) {
          value = rexBuilder.makeCast(common, value);
        }
        if (!(value instanceof RexLiteral)) {
          value = simplify.simplifyPreservingType(value); // a signed number, or a cast the builder did not fold
        }
        allLiterals &= value instanceof RexLiteral;
        converted.set(i, value);
      }
    }
    RelDataType type = validator.getValidatedNodeType(call);
    RexNode result = allLiterals ? rexBuilder.makeCall(type, INSTANCE, converted) : expand(rexBuilder, converted);
    return rexBuilder.ensureType(type, result, true);
  }

  /** {@code call} written out as the OR of ANDs of equalities it stands for. */
  public static RexNode expand(RexBuilder rexBuilder, RexCall call) {
    return expand(rexBuilder, call.getOperands());
  }

  private static RexNode expand(RexBuilder rexBuilder, List<RexNode> operands) {
    int width = width(operands);
    List<RexNode> disjuncts = new ArrayList<>();
    for (int t = 1 + width; t < operands.size(); t += width) {
      List<RexNode> conjuncts = new ArrayList<>(width);
      for (int c = 0; c < width; c++) {
        conjuncts.add(rexBuilder.makeCall(SqlStdOperatorTable.EQUALS, operands.get(1 + c), operands.get(t + c)));
      }
      disjuncts.add(rexBuilder.makeCall(SqlStdOperatorTable.AND, conjuncts));
    }
    return rexBuilder.makeCall(SqlStdOperatorTable.OR, disjuncts);
  }
}
