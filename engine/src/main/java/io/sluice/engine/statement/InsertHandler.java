package io.sluice.engine.statement;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableKind;
import io.sluice.catalog.connector.WritableTable;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.registry.Catalog;
import io.sluice.engine.result.Prepared;
import io.sluice.engine.result.StatementResult;
import io.sluice.engine.stream.MemorySource;
import io.sluice.optimizer.QueryPlanner;
import io.sluice.optimizer.TypeMapping;
import io.sluice.sqlparser.CalciteSql;
import io.sluice.sqlparser.Insert;
import io.sluice.sqlparser.SqlSpan;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.sql.SqlNode;

/**
 * {@code INSERT INTO target [(columns)] query}: into a table its rows are written once (with
 * {@code ?} parameters bound at each execution); into a memory source they are appended for the
 * continuous queries to read; into a sink a continuous query starts ({@link QueryLauncher}).
 */
final class InsertHandler {
  private final SessionContext session;
  private final Catalog catalog;
  private final Planning planning;
  private final TableWriter writer;
  private final QueryLauncher launcher;

  InsertHandler(SessionContext session, Planning planning, TableWriter writer, QueryLauncher launcher) {
    this.session = session;
    this.catalog = session.catalog();
    this.planning = planning;
    this.writer = writer;
    this.launcher = launcher;
  }

  /** An INSERT's target, the plan of rows to write shaped like the table, and its parameters. */
  record InsertPlan(Catalog.Entry target, RelNode plan, List<DataType> parameterTypes) {}

  InsertPlan insertPlan(Insert insert) {
    Catalog.Entry target = writableEntry(catalog, insert.target());
    SqlSpan span = insert.query();
    SqlNode query = planning.typeValuesParameters(CalciteSql.parseQuery(span), target.definition().schema(),
        insert.columns());
    QueryPlanner.Analysis analysis = planning.planner().analyze(query, span::toOuterPosition);
    return new InsertPlan(target, planning.conform(analysis.plan(), target.definition().schema(), insert.columns()),
        TypeMapping.toDataTypes(analysis.parameterRowType()));
  }

  Prepared prepare(Insert insert) {
    Catalog.Entry target = catalog.get(insert.target());
    session.externalAccess().checkDefinition(target.definition());
    if (target.kind() == TableKind.SINK) {
      return Statements.fixed(() -> launcher.start(insert, target));
    }
    if (target.kind() == TableKind.SOURCE) {
      return Statements.fixed(() -> appendToSource(insert, target));
    }
    InsertPlan plan = insertPlan(insert);
    return new Prepared() {
      @Override
      public List<DataType> parameterTypes() {
        return plan.parameterTypes;
      }

      @Override
      public StatementResult execute(List<Object> parameters) {
        RelNode bound = Parameters.bind(plan.plan, parameters, plan.parameterTypes, planning.planner().rexBuilder());
        TableWriter.Written written = writer.write(plan.target.name(), bound, (WritableTable) plan.target.table());
        long rows = written.rows();
        return StatementResult.updateCount(rows, rows + (rows == 1 ? " row" : " rows") + " inserted",
            written.warnings());
      }
    };
  }

  /** {@code INSERT INTO source ...} appends rows to a memory source, for step-by-step streams. */
  private StatementResult appendToSource(Insert insert, Catalog.Entry target) {
    if (!(target.source() instanceof MemorySource)) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, "Only memory sources take INSERT; '" + target.name()
          + "' reads " + target.source().describe());
    }
    MemorySource source = (MemorySource) target.source();
    QueryPlanner.Planned planned = sourceAppendPlan(insert, target);
    long[] rows = {0};
    List<Batch> appended = new ArrayList<>();
    planning.executor().prepare(planned.physical()).run(batch -> {
      TableWriter.checkNotNull(target.name(), target.definition().schema(), batch);
      rows[0] += batch.rowCount();
      appended.add(source.copyOf(batch));
    });
    source.append(appended); // all at once, after every row passed its checks: the statement is whole or absent
    session.queries().wakeUp();
    return StatementResult.updateCount(rows[0], rows[0] + (rows[0] == 1 ? " row" : " rows") + " appended to "
        + target.name());
  }

  /** The planned rows of an {@code INSERT INTO source}, shaped like the source. */
  QueryPlanner.Planned sourceAppendPlan(Insert insert, Catalog.Entry target) {
    if (!(target.source() instanceof MemorySource)) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, "Only memory sources take INSERT; '" + target.name()
          + "' reads " + target.source().describe());
    }
    SqlSpan span = insert.query();
    SqlNode query = planning.typeValuesParameters(CalciteSql.parseQuery(span), target.definition().schema(),
        insert.columns());
    RelNode analysed = planning.planner().analyze(query, span::toOuterPosition).plan();
    RelNode plan = planning.conform(analysed, target.definition().schema(), insert.columns());
    return planning.optimize(plan);
  }

  static Catalog.Entry writableEntry(Catalog catalog, String name) {
    Catalog.Entry entry = catalog.get(name);
    if (entry.kind() == TableKind.VIEW) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, "'" + entry.name() + "' is a view: it cannot be changed");
    }
    if (!(entry.table() instanceof WritableTable)) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, "Table '" + entry.name() + "' is read-only");
    }
    return entry;
  }
}
