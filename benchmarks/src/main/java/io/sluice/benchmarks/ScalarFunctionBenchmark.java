package io.sluice.benchmarks;

import io.sluice.catalog.data.Batch;
import io.sluice.codegen.CodeCache;
import io.sluice.codegen.FilterProjectCompiler;
import io.sluice.optimizer.SluiceTypeSystem;
import io.sluice.runtime.generated.FilterProject;
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
 * {@code SELECT SQRT(a), ATAN2(a, b), DEGREES(b) FROM t} over 4 M rows of in-memory BIGINT
 * columns: scalar functions implemented by run-time methods, called from the generated class.
 * Score is input rows per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class ScalarFunctionBenchmark {
  static final int ROWS = 4_000_000;
  private List<Batch> batches;
  private FilterProject program;

  @Setup
  public void setUp() {
    batches = BenchmarkData.longBatches(ROWS, 2, 1000, 5);
    JavaTypeFactoryImpl types = new JavaTypeFactoryImpl(SluiceTypeSystem.INSTANCE);
    RexBuilder rex = new RexBuilder(types);
    RelDataType bigint = types.createSqlType(SqlTypeName.BIGINT);
    RelDataType dbl = types.createSqlType(SqlTypeName.DOUBLE);
    RelDataType input = types.builder().add("a", bigint).add("b", bigint).build();
    RexNode a = rex.makeInputRef(bigint, 0);
    RexNode b = rex.makeInputRef(bigint, 1);
    List<RexNode> projects = List.of(
        rex.makeCall(SqlStdOperatorTable.SQRT, a),
        rex.makeCall(SqlStdOperatorTable.ATAN2, a, b),
        rex.makeCall(SqlStdOperatorTable.DEGREES, b));
    RelDataType output = types.builder().add("s", dbl).add("t", dbl).add("d", dbl).build();
    program = new FilterProjectCompiler(new CodeCache(16)).compile(input, null, projects, output).newInstance();
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void scalarFunctions(Blackhole blackhole) {
    for (Batch b : batches) {
      blackhole.consume(program.process(b).rowCount());
    }
  }
}
