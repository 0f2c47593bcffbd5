package io.sluice.codegen;

import static io.sluice.codegen.TypeCode.typeOf;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TypeKind;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;

/**
 * Generates straight-line code for one expression tree: a value and a null flag per
 * sub-expression. Input columns are read here; every other node goes to the generator of its
 * family by its kind, and named functions to {@link FunctionGenerator}.
 */
final class ExpressionGenerator {
  final ClassState state;
  final Results results;
  final RexBuilder rexBuilder;
  private final List<DataType> inputTypes;
  private final Splitter splitter;

  final CastGenerator casts;
  final WideDecimalGenerator wideDecimals;
  private final LiteralGenerator literals;
  private final LogicGenerator logic;
  private final ConditionalGenerator conditionals;
  private final SearchGenerator searches;
  private final TupleSetGenerator tupleSets;
  private final ArithmeticGenerator arithmetic;
  final MathGenerator math;
  private final DateTimeGenerator dateTimes;
  final StringGenerator strings;
  private final FunctionGenerator functions;

  ExpressionGenerator(ClassState state, RexBuilder rexBuilder, List<DataType> inputTypes, Splitter splitter) {
    this.state = state;
    this.results = new Results(state);
    this.rexBuilder = rexBuilder;
    this.inputTypes = inputTypes;
    this.splitter = splitter;
    this.wideDecimals = new WideDecimalGenerator(state, results);
    this.casts = new CastGenerator(this);
    this.literals = new LiteralGenerator(state);
    this.logic = new LogicGenerator(this);
    this.conditionals = new ConditionalGenerator(this);
    this.searches = new SearchGenerator(this);
    this.tupleSets = new TupleSetGenerator(this);
    this.dateTimes = new DateTimeGenerator(this);
    this.arithmetic = new ArithmeticGenerator(this, dateTimes);
    this.math = new MathGenerator(this);
    this.strings = new StringGenerator(this);
    this.functions = new FunctionGenerator(this);
  }

  Val gen(RexNode node, Body b) {
    if (node instanceof RexInputRef) {
      return inputRef((RexInputRef) node, b);
    }
    if (node instanceof RexLiteral) {
      return literals.literal((RexLiteral) node);
    }
    if (node instanceof RexCall) {
      return call((RexCall) node, b);
    }
    if (node instanceof RexDynamicParam) {
      return literals.parameter((RexDynamicParam) node);
    }
    throw new SluiceException(ErrorCode.UNSUPPORTED,
        "Expression " + node.getKind() + " is not supported in generated code yet");
  }

  private Val inputRef(RexInputRef ref, Body b) {
    int i = ref.getIndex();
    DataType t = inputTypes.get(i);
    b.inputs.set(i);
    String isNull = !t.nullable() || state.assumeNoNulls ? "false" : "(im" + i + " && in" + i + "[r])";
    if (t.physical() == TypeKind.PhysicalKind.BYTES) {
      String o = state.name("o");
      String l = state.name("l");
      b.add("int " + o + " = io" + i + "[r]; int " + l + " = io" + i + "[r + 1] - " + o + ";");
      return new Val(t, ref.getType(), isNull, "iv" + i, o, l);
    }
    if (t.kind() == TypeKind.NULL) {
      return new Val(t, ref.getType(), "true", "0L", null, null);
    }
    return new Val(t, ref.getType(), isNull, "iv" + i + "[r]", null, null);
  }

  private Val call(RexCall call, Body b) {
    SqlKind kind = call.getKind();
    DataType type = typeOf(call.getType());
    RelDataType rel = call.getType();
    switch (kind) {
      case AND:
      case OR:
        return logic.andOr(call.getOperands(), kind == SqlKind.AND, b);
      case CASE:
        return conditionals.caseWhen(call.getOperands(), 0, type, rel, b);
      case COALESCE:
        return conditionals.coalesce(call.getOperands(), type, rel, b);
      case SEARCH:
        return searches.search(call, b);
      case NOT:
        return logic.not(operands(call.getOperands(), b)[0], type, rel, b);
      case IS_NULL:
      case IS_NOT_NULL:
      case IS_TRUE:
      case IS_NOT_TRUE:
      case IS_FALSE:
      case IS_NOT_FALSE:
      case IS_UNKNOWN:
        return logic.isPredicate(kind, operands(call.getOperands(), b)[0], type, rel, b);
      case EQUALS:
      case NOT_EQUALS:
      case LESS_THAN:
      case LESS_THAN_OR_EQUAL:
      case GREATER_THAN:
      case GREATER_THAN_OR_EQUAL: {
        Val[] ops = comparable(operands(call.getOperands(), b), b);
        return results.strict(b, type, rel, ComparisonGenerator.compare(kind, ops[0], ops[1]), ops);
      }
      case IS_DISTINCT_FROM:
      case IS_NOT_DISTINCT_FROM: {
        Val[] ops = comparable(operands(call.getOperands(), b), b);
        return ComparisonGenerator.distinct(state, kind == SqlKind.IS_DISTINCT_FROM, ops, type, rel, b);
      }
      case PLUS:
      case MINUS:
      case TIMES:
      case DIVIDE:
      case MOD: {
        Val[] ops = operands(call.getOperands(), b);
        return arithmetic.arithmetic(kind, call.getOperator().getName(), ops[0], ops[1], type, rel, b);
      }
      case MINUS_PREFIX: {
        Val a = operands(call.getOperands(), b)[0];
        return arithmetic.negate(a, type, rel, b);
      }
      case PLUS_PREFIX:
      case REINTERPRET: {
        Val a = operands(call.getOperands(), b)[0];
        return new Val(type, rel, a.isNull, a.value, a.offset, a.length);
      }
      case CAST: {
        Val a = operands(call.getOperands(), b)[0];
        return casts.cast(b, a, type, rel);
      }
      case LIKE:
        return strings.like(call, type, rel, b);
      case SIMILAR:
        return strings.similar(call, type, rel, b);
      case RLIKE:
        return strings.rlike(call, type, rel, b);
      case EXTRACT:
        return dateTimes.extract(call, type, rel, b);
      case FLOOR:
      case CEIL:
        if (call.getOperands().size() == 2) {
          return dateTimes.floorCeil(call, kind == SqlKind.FLOOR, type, rel, b);
        }
        return math.floorCeil(operands(call.getOperands(), b)[0], kind == SqlKind.FLOOR, type, rel, b);
      case TRIM:
        return strings.trim(call, type, rel, b);
      case POSITION:
        return strings.position(call, type, rel, b);
      case TIMESTAMP_ADD:
      case TIMESTAMP_DIFF:
        throw TypeCode.unsupported(call.getOperator().getName() + " (in its unconverted form)");
      default:
        if (call.getOperator() == io.sluice.optimizer.InTupleSet.INSTANCE) {
          return tupleSets.tuples(call, b);
        }
        return functions.function(call, type, rel, b);
    }
  }

  /** One operand generated on its own, for its parent to place. */
  Part part(RexNode node) {
    Body b = new Body();
    Val v = gen(node, b);
    return new Part(b, v, isSafe(node));
  }

  /** Materialises the largest of {@code parts} when together they would make a method too long. */
  void balance(List<Part> parts) {
    splitter.balance(parts);
  }

  /** Generates operands (balanced) and appends their code to {@code b} in order. */
  /** Two operands of a comparison, a wide DECIMAL and another exact number brought to one scale. */
  private Val[] comparable(Val[] ops, Body b) {
    return WideDecimalGenerator.needsAlignment(ops[0], ops[1]) ? wideDecimals.align(b, ops[0], ops[1]) : ops;
  }

  Val[] operands(List<RexNode> nodes, Body b) {
    List<Part> parts = new ArrayList<>();
    for (RexNode n : nodes) {
      parts.add(part(n));
    }
    balance(parts);
    Val[] vals = new Val[parts.size()];
    for (int i = 0; i < parts.size(); i++) {
      b.append(parts.get(i).body);
      vals[i] = parts.get(i).val;
    }
    return vals;
  }

  /** Whether evaluating {@code node} can neither throw nor cost much, so AND/OR may evaluate it eagerly. */
  static boolean isSafe(RexNode node) {
    if (node instanceof RexInputRef || node instanceof RexLiteral || node instanceof RexDynamicParam) {
      return true;
    }
    if (!(node instanceof RexCall)) {
      return false;
    }
    RexCall call = (RexCall) node;
    switch (call.getKind()) {
      case EQUALS:
      case NOT_EQUALS:
      case LESS_THAN:
      case LESS_THAN_OR_EQUAL:
      case GREATER_THAN:
      case GREATER_THAN_OR_EQUAL:
      case IS_NULL:
      case IS_NOT_NULL:
      case IS_TRUE:
      case IS_NOT_TRUE:
      case IS_FALSE:
      case IS_NOT_FALSE:
      case NOT:
      case AND:
      case OR:
        for (RexNode o : call.getOperands()) {
          if (!isSafe(o)) {
            return false;
          }
        }
        return true;
      default:
        return false;
    }
  }
}
