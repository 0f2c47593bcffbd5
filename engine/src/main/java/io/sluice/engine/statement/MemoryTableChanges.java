package io.sluice.engine.statement;

import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.NameMatcher;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.registry.Catalog;
import io.sluice.engine.result.BufferedRowCursor;
import io.sluice.engine.result.StatementResult;
import io.sluice.engine.table.MemoryTable;
import io.sluice.sqlparser.CalciteSql;
import io.sluice.sqlparser.Delete;
import io.sluice.sqlparser.SqlSpan;
import io.sluice.sqlparser.Update;
import io.sluice.catalog.data.BooleanVector;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code UPDATE} and {@code DELETE} on in-memory tables: each is rewritten to queries over the
 * table: which rows the condition holds for, in table order, and (UPDATE) every row with the new
 * values. The table then changes those rows only, and its indexes move only their entries. A
 * statement with a subquery, whose plan may not keep the table's order, replaces all rows by
 * the result of one query (the rows to keep, or every row with the new values).
 */
final class MemoryTableChanges {
  private final Catalog catalog;
  private final Planning planning;

  MemoryTableChanges(Catalog catalog, Planning planning) {
    this.catalog = catalog;
    this.planning = planning;
  }

  StatementResult delete(Delete delete) {
    SqlSpan span = delete.statement();
    SqlDelete parsed = (SqlDelete) CalciteSql.parseStatement(span);
    Catalog.Entry entry = catalog.get(delete.table());
    MemoryTable table = memoryTable(delete.table(), "DELETE");
    long before = table.rowCount();
    SqlNode condition = parsed.getCondition();
    if (condition == null) {
      table.replace(List.of());
      return StatementResult.updateCount(before, before + " rows deleted");
    }
    if (!hasSubquery(condition)) {
      List<Batch> basis = table.batches();
      BitSet marked = marks(condition, parsed.getTargetTable(), parsed.getAlias(), span, basis);
      if (marked != null) {
        table.deleteRows(basis, marked);
        long deleted = marked.cardinality();
        return StatementResult.updateCount(deleted, deleted + (deleted == 1 ? " row" : " rows") + " deleted");
      }
    }
    SqlParserPos pos = SqlParserPos.ZERO;
    SqlNode keep = SqlStdOperatorTable.IS_NOT_TRUE.createCall(pos, condition);
    SqlSelect select = select(SqlNodeList.of(SqlIdentifier.star(pos)), from(parsed.getTargetTable(),
        parsed.getAlias()), keep);
    RelNode plan = planning.planner().analyze(select, span::toOuterPosition).plan();
    List<Batch> kept = planning.executor().collect(
        planning.optimize(planning.conform(plan, entry.definition().schema(), null)).physical(),
        entry.definition().schema().types());
    table.replace(kept);
    long deleted = before - table.rowCount();
    return StatementResult.updateCount(deleted, deleted + (deleted == 1 ? " row" : " rows") + " deleted");
  }

  StatementResult update(Update update) {
    SqlSpan span = update.statement();
    SqlUpdate parsed = (SqlUpdate) CalciteSql.parseStatement(span);
    Catalog.Entry entry = catalog.get(update.table());
    MemoryTable table = memoryTable(update.table(), "UPDATE");
    TableSchema schema = entry.definition().schema();
    SqlParserPos pos = SqlParserPos.ZERO;
    Map<Integer, SqlNode> assignments = new LinkedHashMap<>();
    for (int i = 0; i < parsed.getTargetColumnList().size(); i++) {
      SqlIdentifier column = (SqlIdentifier) parsed.getTargetColumnList().get(i);
      String name = column.names.get(column.names.size() - 1);
      int index = schema.indexOf(name);
      if (index < 0) {
        int[] at = span.toOuterPosition(column.getParserPosition().getLineNum(),
            column.getParserPosition().getColumnNum());
        throw new SluiceException(ErrorCode.UNKNOWN_COLUMN, "Column '" + name + "' not found in table '"
            + entry.name() + "'." + NameMatcher.hint(name, schema.names()), at[0], at[1], null);
      }
      assignments.put(index, parsed.getSourceExpressionList().get(i));
    }
    SqlNode condition = parsed.getCondition();
    SqlNodeList selectList = new SqlNodeList(pos);
    for (int c = 0; c < schema.size(); c++) {
      SqlIdentifier column = new SqlIdentifier(schema.column(c).name(), pos);
      SqlNode value = assignments.get(c);
      SqlNode expression = value == null ? column
          : condition == null ? value
          : new SqlCase(pos, null, SqlNodeList.of(condition), SqlNodeList.of(value), column);
      selectList.add(SqlStdOperatorTable.AS.createCall(pos, expression, column));
    }
    SqlNode from = from(parsed.getTargetTable(), parsed.getAlias());
    long changed = table.rowCount();
    List<Batch> basis = table.batches();
    BitSet marked = null;
    boolean inPlace = !hasSubquery(condition) && !hasSubquery(parsed.getSourceExpressionList());
    if (inPlace) {
      if (condition == null) {
        marked = new BitSet();
        marked.set(0, (int) changed);
      } else {
        marked = marks(condition, parsed.getTargetTable(), parsed.getAlias(), span, basis);
      }
    }
    if (marked != null) {
      changed = marked.cardinality();
    } else if (condition != null) {
      SqlNodeList count = SqlNodeList.of(SqlStdOperatorTable.COUNT.createCall(pos, SqlIdentifier.star(pos)));
      RelNode countPlan = planning.planner().analyze(select(count, from, condition), span::toOuterPosition).plan();
      List<Batch> result = planning.executor().collect(planning.optimize(countPlan).physical(),
          List.of(DataType.of(TypeKind.BIGINT)));
      changed = new BufferedRowCursor(new TableSchema(List.of(new Column("c", DataType.of(TypeKind.BIGINT)))),
          result).next() ? (Long) result.get(0).columns[0].getBoxed(result.get(0).row(0)) : 0;
    }
    from = from(parsed.getTargetTable(), parsed.getAlias()); // a new node: validation changes the one it read
    RelNode plan = planning.planner().analyze(select(selectList, from, null), span::toOuterPosition).plan();
    List<Batch> rows = planning.executor().collect(planning.optimize(planning.conform(plan, schema, null)).physical(),
        schema.types());
    if (marked != null) {
      table.updateRows(basis, rows, marked, assignments.keySet());
    } else {
      table.replace(rows);
    }
    return StatementResult.updateCount(changed, changed + (changed == 1 ? " row" : " rows") + " updated");
  }

  /**
   * The rows of {@code basis} for which {@code condition} is true, by position, from a query
   * that reads the table in order ({@code SELECT condition IS TRUE FROM t}); null when its answer
   * does not have a row for each row of {@code basis} (the table changed meanwhile).
   */
  private BitSet marks(SqlNode condition, SqlNode table, SqlIdentifier alias, SqlSpan span, List<Batch> basis) {
    SqlParserPos pos = SqlParserPos.ZERO;
    SqlNode flag = SqlStdOperatorTable.IS_TRUE.createCall(pos, condition);
    RelNode plan = planning.planner().analyze(select(SqlNodeList.of(flag), from(table, alias), null),
        span::toOuterPosition).plan();
    List<Batch> flags = planning.executor().collect(planning.optimize(plan).physical(),
        List.of(DataType.of(TypeKind.BOOLEAN)));
    BitSet marked = new BitSet();
    int position = 0;
    for (Batch batch : flags) {
      BooleanVector values = (BooleanVector) batch.columns[0];
      for (int k = 0; k < batch.rowCount(); k++) {
        int row = batch.row(k);
        if (!values.isNull(row) && values.values[row]) {
          marked.set(position);
        }
        position++;
      }
    }
    long rows = 0;
    for (Batch batch : basis) {
      rows += batch.size;
    }
    return position == rows ? marked : null;
  }

  /**
   * Whether {@code node} holds a subquery: its plan joins, and rows may then come in another
   * order than the table's, so the change is not made row by row.
   */
  private static boolean hasSubquery(SqlNode node) {
    if (node == null) {
      return false;
    }
    Boolean found = node.accept(new org.apache.calcite.sql.util.SqlBasicVisitor<Boolean>() {
      @Override
      public Boolean visit(org.apache.calcite.sql.SqlCall call) {
        if (call instanceof SqlSelect || call.getKind() == org.apache.calcite.sql.SqlKind.UNION
            || call.getKind() == org.apache.calcite.sql.SqlKind.VALUES) {
          return true;
        }
        for (SqlNode operand : call.getOperandList()) {
          if (operand != null && Boolean.TRUE.equals(operand.accept(this))) {
            return true;
          }
        }
        return false;
      }

      @Override
      public Boolean visit(SqlNodeList list) {
        for (SqlNode item : list) {
          if (item != null && Boolean.TRUE.equals(item.accept(this))) {
            return true;
          }
        }
        return false;
      }
    });
    return Boolean.TRUE.equals(found);
  }

  private MemoryTable memoryTable(String name, String verb) {
    Catalog.Entry entry = InsertHandler.writableEntry(catalog, name);
    if (!(entry.table() instanceof MemoryTable)) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, verb + " works on in-memory tables; '" + entry.name()
          + "' is " + entry.table().describe() + ". Rewrite it with INSERT into a new table instead.");
    }
    return (MemoryTable) entry.table();
  }

  private static SqlNode from(SqlNode table, SqlIdentifier alias) {
    return alias == null ? table : SqlStdOperatorTable.AS.createCall(SqlParserPos.ZERO, table, alias);
  }

  private static SqlSelect select(SqlNodeList selectList, SqlNode from, SqlNode where) {
    return new SqlSelect(SqlParserPos.ZERO, null, selectList, from, where, null, null, null, null, null, null,
        null, null);
  }
}
