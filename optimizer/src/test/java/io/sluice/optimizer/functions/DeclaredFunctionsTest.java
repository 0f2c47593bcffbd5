package io.sluice.optimizer.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.TypeKind;
import io.sluice.catalog.function.ScalarDeclaration;
import io.sluice.optimizer.SluiceTypeSystem;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.Strong;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.junit.jupiter.api.Test;

/** A function's declaration in functions.json, read and made into the validator's operator. */
class DeclaredFunctionsTest {
  private static final JavaTypeFactoryImpl TYPES = new JavaTypeFactoryImpl(SluiceTypeSystem.INSTANCE);

  @Test
  void theDeclarationIsRead() throws Exception {
    ScalarDeclaration declared = parse(function("F", "\"arguments\": [[\"VARCHAR\"], [\"VARCHAR\", \"BIGINT\"]],"
        + " \"returns\": \"DOUBLE\", \"deterministic\": false")).lookup("f").orElseThrow().declaration();
    assertEquals(List.of(List.of(TypeKind.VARCHAR), List.of(TypeKind.VARCHAR, TypeKind.BIGINT)), declared.forms());
    assertEquals(TypeKind.DOUBLE, declared.returns());
    assertEquals(ScalarDeclaration.NullBehavior.STRICT, declared.nulls());
    assertFalse(declared.deterministic());
    assertNull(FunctionRegistry.instance().lookup("UPPER").orElseThrow().declaration(), "Calcite declares UPPER");
  }

  @Test
  void theOperatorFollowsTheDeclaration() throws Exception {
    FunctionRegistry registry = parse(function("F", "\"arguments\": [[\"VARCHAR\", \"BIGINT\"]], \"returns\": \"BOOLEAN\"")
        + ", " + function("G", "\"arguments\": [[\"DOUBLE\"]], \"returns\": \"DOUBLE\", \"deterministic\": false"));
    List<SqlOperator> operators = DeclaredFunctions.table(registry).getOperatorList();
    assertEquals(2, operators.size());
    SqlOperator f = operators.stream().filter(o -> o.getName().equals("F")).findFirst().orElseThrow();
    SqlOperator g = operators.stream().filter(o -> o.getName().equals("G")).findFirst().orElseThrow();
    RelDataType varchar = TYPES.createSqlType(SqlTypeName.VARCHAR);
    RelDataType bigint = TYPES.createSqlType(SqlTypeName.BIGINT);
    RelDataType notNull = f.inferReturnType(TYPES, List.of(varchar, bigint));
    assertEquals(SqlTypeName.BOOLEAN, notNull.getSqlTypeName());
    assertFalse(notNull.isNullable(), "no NULL argument, no NULL result");
    assertTrue(f.inferReturnType(TYPES, List.of(varchar, TYPES.createTypeWithNullability(bigint, true))).isNullable(),
        "strict: a nullable argument makes the result nullable");
    assertEquals(Strong.Policy.ANY, f.getStrongPolicyInference().get());
    assertEquals(2, f.getOperandCountRange().getMin());
    assertEquals(2, f.getOperandCountRange().getMax());
    assertTrue(f.isDeterministic());
    assertFalse(g.isDeterministic(), "a non-deterministic call is never folded while planning");
  }

  @Test
  void aNameCalciteAlreadyHasIsFound() throws Exception {
    FunctionRegistry registry = parse(function("UPPER", "\"arguments\": [[\"VARCHAR\"]], \"returns\": \"VARCHAR\""));
    assertEquals(List.of("UPPER"),
        DeclaredFunctions.namesTaken(registry, SqlOperatorTables.chain(SqlStdOperatorTable.instance())));
  }

  @Test
  void mistakesInADeclarationNameTheFunction() {
    IllegalStateException type = assertThrows(IllegalStateException.class,
        () -> parse(function("F", "\"arguments\": [[\"INT\"]], \"returns\": \"BIGINT\"")));
    assertTrue(type.getMessage().contains("function F operator") && type.getMessage().contains("'INT'"),
        type.getMessage());
    IllegalStateException noForm = assertThrows(IllegalStateException.class,
        () -> parse(function("F", "\"arguments\": [], \"returns\": \"BIGINT\"")));
    assertTrue(noForm.getMessage().contains("function F"), noForm.getMessage());
    IllegalStateException field = assertThrows(IllegalStateException.class,
        () -> parse(function("F", "\"arguments\": [[\"BIGINT\"]], \"result\": \"BIGINT\"")));
    assertTrue(field.getMessage().contains("'result'"), field.getMessage());
    IllegalStateException nulls = assertThrows(IllegalStateException.class,
        () -> parse(function("F", "\"arguments\": [[\"BIGINT\"]], \"returns\": \"BIGINT\", \"nulls\": \"sometimes\"")));
    assertTrue(nulls.getMessage().contains("sometimes"), nulls.getMessage());
    IllegalStateException aggregate = assertThrows(IllegalStateException.class, () -> parse(
        function("F", "\"arguments\": [[\"BIGINT\"]], \"returns\": \"BIGINT\"").replace("\"scalar\"", "\"aggregate\"")));
    assertTrue(aggregate.getMessage().contains("not scalar"), aggregate.getMessage());
  }

  private static String function(String name, String operator) {
    return "{\"name\": \"" + name + "\", \"kind\": \"scalar\", \"category\": \"string\", \"signatures\": [\"" + name
        + "(x)\"], \"operator\": {" + operator + "}, \"description\": \"d.\","
        + " \"examples\": [{\"sql\": \"SELECT " + name + "(1)\", \"result\": [\"1\"]}]}";
  }

  private static FunctionRegistry parse(String functions) throws Exception {
    String json = "{\"functions\": [" + functions + "]}";
    return FunctionRegistry.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }
}
