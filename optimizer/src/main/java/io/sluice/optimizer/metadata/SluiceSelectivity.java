package io.sluice.optimizer.metadata;

import io.sluice.catalog.connector.ColumnPredicate;
import io.sluice.catalog.connector.IndexAccess;
import io.sluice.catalog.connector.Table;
import io.sluice.optimizer.rules.ScanPredicates;
import io.sluice.optimizer.schema.CatalogTable;
import io.sluice.optimizer.schema.SluiceTableScan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelMdSelectivity;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.ImmutableBitSet;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Sluice's selectivity estimates, in front of Calcite's guesses.
 *
 * <p>An inner join's condition, from the distinct values of its keys: an equality
 * of a left and a right column keeps {@code 1 / max(distinct left, distinct right)} of the pairs,
 * the textbook estimate for a join on a key (System R; Trino's and Spark's cost models alike);
 * several key columns count their combinations of values.
 * Calcite guesses 0.15 for every equality, which makes a join of two large tables look larger than
 * their product with a small one, so the join orderer built cross products (TPC-H q5).
 *
 * <p>A scan's predicate, from the table's index when one looks it up with known values: the index
 * counts the rows it gives exactly ({@link Table#indexAccess}), so a lookup of 10 rows in a
 * million is estimated as 10 rows, not as Calcite's 15 % (which made a join of a point lookup look
 * like a join of a large table). Conjuncts the index does not take are guessed as before.
 */
public final class SluiceSelectivity extends RelMdSelectivity {
  @Override
  public @Nullable Double getSelectivity(Join join, RelMetadataQuery mq, @Nullable RexNode predicate) {
    if (predicate == null || join.getJoinType() != JoinRelType.INNER) {
      return super.getSelectivity(join, mq, predicate);
    }
    int leftCount = join.getLeft().getRowType().getFieldCount();
    ImmutableBitSet.Builder leftKeys = ImmutableBitSet.builder();
    ImmutableBitSet.Builder rightKeys = ImmutableBitSet.builder();
    double selectivity = 1;
    for (RexNode conjunct : RelOptUtil.conjunctions(predicate)) {
      int[] key = keyColumns(conjunct, leftCount);
      if (key == null) {
        selectivity *= RelMdUtil.guessSelectivity(conjunct);
      } else {
        leftKeys.set(key[0]);
        rightKeys.set(key[1] - leftCount);
      }
    }
    ImmutableBitSet left = leftKeys.build();
    if (!left.isEmpty()) {
      // all keys together: a composite key is as selective as its combinations of values, not as
      // the product of its columns' selectivities (partsupp's key is two columns of lineitem's)
      ImmutableBitSet right = rightKeys.build();
      double leftDistinct = distinctValues(join.getLeft(), mq, left);
      double rightDistinct = distinctValues(join.getRight(), mq, right);
      if (left.cardinality() > 1) {
        leftDistinct = containedIn(leftDistinct, combinations(join.getLeft(), mq, left), rightDistinct);
        rightDistinct = containedIn(rightDistinct, combinations(join.getRight(), mq, right), leftDistinct);
      }
      selectivity /= Math.max(1, Math.max(leftDistinct, rightDistinct));
    }
    return selectivity;
  }

  /**
   * The distinct combinations of a side's composite key, when its estimate ({@code distinct}) is
   * the row count standing in for a larger product of its columns' counts ({@code combinations}):
   * then the columns are not independent and how many combinations really occur is unknown, so
   * they are taken to be those of the other side ({@code other}) where that has fewer (its values
   * contained in this side's, the textbook assumption). Lineitem's (partkey, suppkey) are capped
   * at its 6 M rows, but they are partsupp's 800 K: the join of the two was estimated at 800 K
   * rows instead of 6 M, and TPC-H q9 joined partsupp before the few parts it keeps.
   */
  private static double containedIn(double distinct, double combinations, double other) {
    return combinations > distinct * 1.01 ? Math.min(distinct, other) : distinct;
  }

  /** The product of the distinct values of each of {@code columns} alone. */
  private static double combinations(RelNode input, RelMetadataQuery mq, ImmutableBitSet columns) {
    double product = 1;
    for (int column : columns) {
      product *= distinctValues(input, mq, ImmutableBitSet.of(column));
    }
    return product;
  }

  public @Nullable Double getSelectivity(TableScan scan, RelMetadataQuery mq, @Nullable RexNode predicate) {
    Double indexed = scan instanceof SluiceTableScan sluiceScan && predicate != null ? indexed(sluiceScan, predicate) : null;
    if (indexed != null) {
      return indexed;
    }
    if (predicate == null) {
      return super.getSelectivity(scan, mq, null);
    }
    return scan instanceof SluiceTableScan sluiceScan ? withRanges(sluiceScan, predicate) : guess(predicate);
  }

  /**
   * The share of rows {@code predicate} keeps, where it bounds a whole-number or date column by
   * literals: the bounds' share of the column's range between its smallest and largest value
   * (uniform, as PostgreSQL takes a histogram bucket), all of a column's bounds together (a
   * three-month range of seven years of orders keeps 4 %, not 1/4 x 1/4); the rest guessed.
   * TPC-H q4 took its orders of one quarter for a quarter of all orders and built the hash table
   * on the 1.4 M distinct order keys of lineitem instead of on them.
   */
  private static double withRanges(SluiceTableScan scan, RexNode predicate) {
    CatalogTable table = scan.getTable().unwrap(CatalogTable.class);
    if (table == null) {
      return guess(predicate);
    }
    RexNode expanded = RexUtil.expandSearch(scan.getCluster().getRexBuilder(), null, predicate);
    Map<Integer, long[]> bounds = new HashMap<>(); // column -> {lowest kept, highest kept}
    double selectivity = 1;
    for (RexNode conjunct : RelOptUtil.conjunctions(expanded)) {
      if (!bound(conjunct, scan, table, bounds)) {
        selectivity *= guess(conjunct);
      }
    }
    for (Map.Entry<Integer, long[]> entry : bounds.entrySet()) {
      long[] range = table.longBounds(scan.columns()[entry.getKey()]);
      long low = Math.max(range[0], entry.getValue()[0]);
      long high = Math.min(range[1], entry.getValue()[1]);
      selectivity *= high < low ? 0 : (high - (double) low + 1) / (range[1] - (double) range[0] + 1);
    }
    return Math.max(selectivity, 1e-9);
  }

  /**
   * Narrows {@code bounds} by {@code conjunct} when it compares a whole-number or date column of
   * known range with a literal ({@code <}, {@code <=}, {@code >}, {@code >=}); false otherwise.
   */
  private static boolean bound(RexNode conjunct, SluiceTableScan scan, CatalogTable table, Map<Integer, long[]> bounds) {
    SqlKind kind = conjunct.getKind();
    if (!(conjunct instanceof RexCall call) || call.getOperands().size() != 2
        || kind != SqlKind.LESS_THAN && kind != SqlKind.LESS_THAN_OR_EQUAL
        && kind != SqlKind.GREATER_THAN && kind != SqlKind.GREATER_THAN_OR_EQUAL) {
      return false;
    }
    RexNode a = call.getOperands().get(0);
    RexNode b = call.getOperands().get(1);
    if (b instanceof RexInputRef && a instanceof RexLiteral) { // literal < column: column > literal
      RexNode t = a;
      a = b;
      b = t;
      kind = kind.reverse();
    }
    if (!(a instanceof RexInputRef column) || !(b instanceof RexLiteral literal)) {
      return false;
    }
    Long value = wholeValue(literal, column.getType().getSqlTypeName());
    long[] range = value == null ? null : table.longBounds(scan.columns()[column.getIndex()]);
    if (range == null) {
      return false;
    }
    long[] kept = bounds.computeIfAbsent(column.getIndex(), c -> new long[] {Long.MIN_VALUE, Long.MAX_VALUE});
    switch (kind) {
      case LESS_THAN -> kept[1] = Math.min(kept[1], value - 1);
      case LESS_THAN_OR_EQUAL -> kept[1] = Math.min(kept[1], value);
      case GREATER_THAN -> kept[0] = Math.max(kept[0], value + 1);
      default -> kept[0] = Math.max(kept[0], value);
    }
    return true;
  }

  /** A DATE literal as days, an integer literal as its value, for a column of that type; else null. */
  private static @Nullable Long wholeValue(RexLiteral literal, SqlTypeName columnType) {
    switch (columnType) {
      case DATE:
        Integer days = literal.getType().getSqlTypeName() == SqlTypeName.DATE ? literal.getValueAs(Integer.class) : null;
        return days == null ? null : days.longValue();
      case TINYINT:
      case SMALLINT:
      case INTEGER:
      case BIGINT:
        return SqlTypeName.INT_TYPES.contains(literal.getType().getSqlTypeName()) ? literal.getValueAs(Long.class) : null;
      default:
        return null;
    }
  }

  /** Calcite's guess for each conjunct, but for LIKE's from its pattern ({@link #likeSelectivity}). */
  static double guess(RexNode predicate) {
    double selectivity = 1;
    for (RexNode conjunct : RelOptUtil.conjunctions(predicate)) {
      Double like = likeSelectivity(conjunct);
      selectivity *= like != null ? like : RelMdUtil.guessSelectivity(conjunct);
    }
    return selectivity;
  }

  /**
   * The share of rows {@code column LIKE 'pattern'} keeps: halved by every character the pattern
   * fixes (as PostgreSQL's pattern selectivity, with a milder factor), between 1/1000 and Calcite's
   * 1/4 for any predicate it does not know; null for anything else. Calcite took 1/4 for every
   * LIKE, so TPC-H q9's 11 K parts named '%green%' of 200 K looked like 50 K and the join with
   * lineitem like 1.5 M rows: the join order brought the parts in last.
   */
  private static @Nullable Double likeSelectivity(RexNode conjunct) {
    if (conjunct.getKind() != SqlKind.LIKE || !(conjunct instanceof RexCall call) || call.getOperands().size() != 2
        || !(call.getOperands().get(1) instanceof RexLiteral literal)) {
      return null;
    }
    String pattern = literal.getValueAs(String.class);
    if (pattern == null) {
      return null;
    }
    int fixed = 0;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c != '%' && c != '_') {
        fixed++;
      }
    }
    return Math.max(MIN_LIKE_SELECTIVITY, Math.min(MAX_LIKE_SELECTIVITY, Math.pow(0.5, fixed)));
  }

  private static final double MIN_LIKE_SELECTIVITY = 0.001;
  private static final double MAX_LIKE_SELECTIVITY = 0.25;

  /**
   * The share of the table's rows the index chosen for {@code predicate}'s comparisons with
   * literals gives, times Calcite's guess for the other conjuncts; null when no index looks any
   * of them up with known values.
   */
  private static @Nullable Double indexed(SluiceTableScan scan, RexNode predicate) {
    Table table = scan.connectorTable();
    int[] columns = scan.columns();
    List<RelDataType> types = RelOptUtil.getFieldTypeList(scan.getRowType());
    List<ColumnPredicate> lookups = new ArrayList<>();
    List<RexNode> others = new ArrayList<>();
    RexNode expanded = RexUtil.expandSearch(scan.getCluster().getRexBuilder(), null, predicate); // ranges as comparisons
    for (RexNode conjunct : RelOptUtil.conjunctions(expanded)) {
      ColumnPredicate lookup = isComparison(conjunct) ? ScanPredicates.of(conjunct, columns, types) : null;
      if (lookup != null && lookup.value() != null && lookup.value() != ColumnPredicate.PARAMETER) {
        lookups.add(lookup);
      } else {
        others.add(conjunct);
      }
    }
    if (lookups.isEmpty()) {
      return null;
    }
    IndexAccess access = table.indexAccess(lookups);
    if (access == null || access.rows() < 0 || access.tableRows() <= 0) {
      return null;
    }
    double selectivity = (double) access.rows() / access.tableRows();
    for (RexNode other : others) {
      selectivity *= guess(other);
    }
    return selectivity;
  }

  /** A comparison of a column (possibly cast) with a literal, which {@link ScanPredicates#of} takes. */
  private static boolean isComparison(RexNode conjunct) {
    switch (conjunct.getKind()) {
      case EQUALS:
      case LESS_THAN:
      case LESS_THAN_OR_EQUAL:
      case GREATER_THAN:
      case GREATER_THAN_OR_EQUAL:
        return true;
      default:
        return false;
    }
  }

  /** The left and the right column of an equality between the two inputs, or null. */
  private static int @Nullable [] keyColumns(RexNode conjunct, int leftCount) {
    if (conjunct.getKind() != SqlKind.EQUALS) {
      return null;
    }
    RexCall call = (RexCall) conjunct;
    if (!(call.getOperands().get(0) instanceof RexInputRef a) || !(call.getOperands().get(1) instanceof RexInputRef b)) {
      return null;
    }
    int left = Math.min(a.getIndex(), b.getIndex());
    int right = Math.max(a.getIndex(), b.getIndex());
    return left < leftCount && right >= leftCount ? new int[] {left, right} : null;
  }

  private static double distinctValues(RelNode input, RelMetadataQuery mq, ImmutableBitSet columns) {
    Double distinct = mq.getDistinctRowCount(input, columns, null);
    if (distinct != null) {
      return distinct;
    }
    Double rows = mq.getRowCount(input);
    return rows == null ? 1 : rows;
  }
}
