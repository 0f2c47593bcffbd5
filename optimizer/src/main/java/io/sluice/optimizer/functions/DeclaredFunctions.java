package io.sluice.optimizer.functions;

import io.sluice.catalog.TypeKind;
import io.sluice.catalog.function.FunctionInfo;
import io.sluice.catalog.function.ScalarDeclaration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.calcite.plan.Strong;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlNameMatchers;

/**
 * The validator's operators for the scalar functions Sluice declares itself in
 * {@code functions.json} (those with an {@code operator}), made from their declarations: the
 * argument types checked per form, the result type, strictness (the planner may replace a call with
 * a NULL argument by NULL) and determinism (only a deterministic call is folded while planning).
 */
public final class DeclaredFunctions {
  private DeclaredFunctions() {}

  /**
   * An operator table of the declared functions in {@code registry}. A declared name that Calcite's
   * operators already have would be ambiguous: {@link #namesTaken} finds those, and
   * {@code SluiceOperatorTableTest} checks that the registry this build carries has none, so that a
   * short command does not look up every declared name at start-up (2 % of its main thread).
   */
  public static SqlOperatorTable table(FunctionRegistry registry) {
    List<SqlOperator> operators = new ArrayList<>();
    for (FunctionInfo function : registry.all()) {
      if (function.declaration() != null) {
        operators.add(new DeclaredFunction(function));
      }
    }
    return SqlOperatorTables.of(operators);
  }

  /**
   * The functions of {@code registry} that declare an operator although {@code others} already has
   * one of that name, in any case and of any syntax (looked up by name rather than by listing every
   * operator of {@code others}).
   */
  public static List<String> namesTaken(FunctionRegistry registry, SqlOperatorTable others) {
    List<String> taken = new ArrayList<>();
    for (FunctionInfo function : registry.all()) {
      if (function.declaration() != null && taken(others, function.name())) {
        taken.add(function.name());
      }
    }
    return taken;
  }

  private static boolean taken(SqlOperatorTable others, String name) {
    SqlIdentifier identifier = new SqlIdentifier(name, SqlParserPos.ZERO);
    List<SqlOperator> found = new ArrayList<>();
    for (SqlSyntax syntax : SqlSyntax.values()) {
      others.lookupOperatorOverloads(identifier, null, syntax, found, SqlNameMatchers.withCaseSensitive(false));
      if (!found.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The operator table of the functions in {@code registry} that Calcite's library validates as they
   * are ({@link FunctionRegistry#libraryOperators}), read from {@link SqlLibraryOperators} when a
   * statement first names one of them ({@link LibraryOperatorTable}); a {@code library} that names no
   * operator of that class fails then, naming the function.
   */
  public static SqlOperatorTable library(FunctionRegistry registry) {
    return new LibraryOperatorTable(registry.libraryOperators());
  }

  /** One declared function as Calcite's validator sees it. */
  private static final class DeclaredFunction extends SqlFunction {
    private final ScalarDeclaration declaration;

    DeclaredFunction(FunctionInfo function) {
      super(function.name(), SqlKind.OTHER_FUNCTION,
          ReturnTypes.explicit(sqlType(function.declaration().returns())).andThen(
              function.declaration().nulls() == ScalarDeclaration.NullBehavior.STRICT_OR_NOTHING
                  ? SqlTypeTransforms.FORCE_NULLABLE : SqlTypeTransforms.TO_NULLABLE),
          (binding, returnType, operandTypes) -> inferOperands(function.declaration(), binding.getTypeFactory(),
              operandTypes),
          checker(function.declaration()), category(function));
      this.declaration = function.declaration();
    }

    /** A value per statement counts as deterministic, as Calcite's CURRENT_TIMESTAMP does; being dynamic keeps it unfolded. */
    @Override
    public boolean isDeterministic() {
      return declaration.deterministic() || declaration.perStatement();
    }

    @Override
    public boolean isDynamicFunction() {
      return declaration.perStatement();
    }

    @Override
    public Supplier<Strong.Policy> getStrongPolicyInference() {
      // ANY tells the planner the result is NULL exactly when an argument is: not so when it may find nothing
      Strong.Policy policy = declaration.nulls() == ScalarDeclaration.NullBehavior.STRICT
          ? Strong.Policy.ANY : Strong.Policy.AS_IS;
      return () -> policy;
    }
  }

  /** The declared types of arguments whose type is unknown (a {@code ?} parameter), from the form of their count. */
  private static void inferOperands(ScalarDeclaration declaration, RelDataTypeFactory types,
      RelDataType[] operandTypes) {
    for (List<TypeKind> form : declaration.forms()) {
      if (form.size() == operandTypes.length) {
        for (int i = 0; i < operandTypes.length; i++) {
          RelDataType type = form.get(i) == TypeKind.INTERVAL_DAY_TIME
              ? types.createSqlIntervalType(new SqlIntervalQualifier(TimeUnit.DAY, TimeUnit.SECOND, SqlParserPos.ZERO))
              : types.createSqlType(sqlType(form.get(i)));
          operandTypes[i] = types.createTypeWithNullability(type, true);
        }
        return;
      }
    }
  }

  private static SqlOperandTypeChecker checker(ScalarDeclaration declaration) {
    List<SqlOperandTypeChecker> forms = new ArrayList<>();
    for (List<TypeKind> form : declaration.forms()) {
      forms.add(OperandTypes.family(form.stream().map(DeclaredFunctions::family).toList()));
    }
    return forms.size() == 1 ? forms.get(0) : OperandTypes.or(forms.toArray(new SqlOperandTypeChecker[0]));
  }

  private static SqlTypeName sqlType(TypeKind kind) {
    return SqlTypeName.valueOf(kind.name());
  }

  /** What an argument declared with {@code kind} accepts: a string of any length, any integer, any number, a timestamp. */
  private static SqlTypeFamily family(TypeKind kind) {
    switch (kind) {
      case VARCHAR:
        return SqlTypeFamily.CHARACTER;
      case BIGINT:
        return SqlTypeFamily.INTEGER;
      case DOUBLE:
        return SqlTypeFamily.NUMERIC;
      case BOOLEAN:
        return SqlTypeFamily.BOOLEAN;
      case TIMESTAMP:
        return SqlTypeFamily.TIMESTAMP;
      case INTERVAL_DAY_TIME:
        return SqlTypeFamily.INTERVAL_DAY_TIME;
      default:
        throw new IllegalArgumentException("a declared function cannot take " + kind);
    }
  }

  private static SqlFunctionCategory category(FunctionInfo function) {
    switch (function.category()) {
      case STRING:
        return SqlFunctionCategory.STRING;
      case NUMERIC:
        return SqlFunctionCategory.NUMERIC;
      case DATETIME:
        return SqlFunctionCategory.TIMEDATE;
      default:
        return SqlFunctionCategory.SYSTEM;
    }
  }
}
