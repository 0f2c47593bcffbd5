package io.sluice.optimizer;

import java.math.BigDecimal;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlValidatorCatalogReader;
import org.apache.calcite.sql.validate.SelectScope;
import org.apache.calcite.sql.validate.SqlValidatorImpl;

/**
 * Calcite's validator with two changes. A whole-number literal that fits in a BIGINT is valid
 * even when it has more digits than DECIMAL allows: Calcite types such a literal BIGINT but
 * checks it against the DECIMAL precision, which for Sluice (18) rejects the largest BIGINTs. And
 * whether a wide SELECT is an aggregate is found once, not once per select item.
 */
final class SluiceValidator extends SqlValidatorImpl {
  /** SELECT lists longer than this have their {@link #isAggregate(SqlSelect)} remembered. */
  private static final int REMEMBER_AGGREGATE_ABOVE = 64;

  /** The answer of {@link #isAggregate(SqlSelect)} and the lists it was found over, which are replaced rather than changed in place once validation expands them. */
  private record AggregateAnswer(SqlNode selectList, int size, List<SqlNode> expanded, int expandedSize,
      SqlNode group, SqlNode having, boolean aggregate) {}

  private final Map<SqlSelect, AggregateAnswer> aggregateAnswers = new IdentityHashMap<>();

  SluiceValidator(SqlOperatorTable operatorTable, SqlValidatorCatalogReader catalogReader,
      RelDataTypeFactory typeFactory, Config config) {
    super(operatorTable, catalogReader, typeFactory, config);
  }

  @Override
  public void validateLiteral(SqlLiteral literal) {
    if (literal.getTypeName() == SqlTypeName.DECIMAL) {
      BigDecimal value = literal.getValueAs(BigDecimal.class);
      if (value.scale() <= 0 && value.unscaledValue().bitLength() < 64) {
        return;
      }
    }
    super.validateLiteral(literal);
  }

  /**
   * Calcite asks whether a SELECT aggregates once for each of its select items, and each answer
   * walks the whole list: for 10,000 columns, 10^8 visits. The answer is kept per SELECT while its
   * select list, expanded list, GROUP BY and HAVING are the same objects of the same size.
   */
  @Override
  public boolean isAggregate(SqlSelect select) {
    if (select.getSelectList() == null || select.getSelectList().size() <= REMEMBER_AGGREGATE_ABOVE) {
      return super.isAggregate(select);
    }
    SelectScope scope = getRawSelectScope(select);
    List<SqlNode> expanded = scope == null ? null : scope.getExpandedSelectList();
    int expandedSize = expanded == null ? -1 : expanded.size();
    AggregateAnswer known = aggregateAnswers.get(select);
    if (known != null && known.selectList() == select.getSelectList() && known.size() == select.getSelectList().size()
        && known.expanded() == expanded && known.expandedSize() == expandedSize && known.group() == select.getGroup()
        && known.having() == select.getHaving()) {
      return known.aggregate();
    }
    boolean aggregate = super.isAggregate(select);
    aggregateAnswers.put(select, new AggregateAnswer(select.getSelectList(), select.getSelectList().size(), expanded,
        expandedSize, select.getGroup(), select.getHaving(), aggregate));
    return aggregate;
  }
}
