package io.sluice.benchmarks;

import io.sluice.catalog.data.Batch;
import io.sluice.codegen.CodeCache;
import io.sluice.codegen.FilterProjectCompiler;
import io.sluice.runtime.generated.FilterProject;
import io.sluice.optimizer.SluiceTypeSystem;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code SELECT a + b, a * 2 FROM t WHERE a > 100 AND b < 900} ({@code filterProject}) and
 * {@code SELECT SQRT(a), ATAN2(a, b), DEGREES(b) FROM t} ({@code scalarFunctions}: functions that
 * are calls of run-time methods) over 10 M rows of in-memory BIGINT columns, through the generated
 * fused filter/project class. Score is input rows per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class FilterProjectBenchmark {
  static final int ROWS = 10_000_000;
  private List<Batch> batches;
  private FilterProject program;
  private FilterProject functions;

  @Setup
  public void setUp() {
    batches = BenchmarkData.longBatches(ROWS, 2, 1000, 5);
    JavaTypeFactoryImpl types = new JavaTypeFactoryImpl(SluiceTypeSystem.INSTANCE);
    RexBuilder rex = new RexBuilder(types);
    RelDataType bigint = types.createSqlType(SqlTypeName.BIGINT);
    RelDataType input = types.builder().add("a", bigint).add("b", bigint).build();
    RexNode a = rex.makeInputRef(bigint, 0);
    RexNode b = rex.makeInputRef(bigint, 1);
    RexNode condition = rex.makeCall(SqlStdOperatorTable.AND,
        rex.makeCall(SqlStdOperatorTable.GREATER_THAN, a, rex.makeExactLiteral(BigDecimal.valueOf(100), bigint)),
        rex.makeCall(SqlStdOperatorTable.LESS_THAN, b, rex.makeExactLiteral(BigDecimal.valueOf(900), bigint)));
    List<RexNode> projects = List.of(
        rex.makeCall(SqlStdOperatorTable.PLUS, a, b),
        rex.makeCall(SqlStdOperatorTable.MULTIPLY, a, rex.makeExactLiteral(BigDecimal.valueOf(2), bigint)));
    RelDataType output = types.builder().add("s", bigint).add("d", bigint).build();
    program = new FilterProjectCompiler(new CodeCache(16)).compile(input, condition, projects, output).newInstance();
    RelDataType dbl = types.createSqlType(SqlTypeName.DOUBLE);
    List<RexNode> calls = List.of(
        rex.makeCall(SqlStdOperatorTable.SQRT, a),
        rex.makeCall(SqlStdOperatorTable.ATAN2, a, b),
        rex.makeCall(SqlStdOperatorTable.DEGREES, b));
    RelDataType doubles = types.builder().add("s", dbl).add("t", dbl).add("d", dbl).build();
    functions = new FilterProjectCompiler(new CodeCache(16)).compile(input, null, calls, doubles).newInstance();
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void filterProject(Blackhole blackhole) {
    for (Batch b : batches) {
      blackhole.consume(program.process(b).rowCount());
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void scalarFunctions(Blackhole blackhole) {
    for (Batch b : batches) {
      blackhole.consume(functions.process(b).rowCount());
    }
  }
}
