package io.sluice.optimizer.physical;

/** Visits physical plan nodes by type. */
public interface PhysicalVisitor<R> {
  R visit(PhysicalScan scan);

  R visit(PhysicalFilterProject filterProject);

  R visit(PhysicalHashAggregate aggregate);

  R visit(StreamGroupAggregate aggregate);

  R visit(StreamWindowAggregate aggregate);

  R visit(StreamDistinct distinct);

  R visit(PhysicalHashJoin join);

  R visit(PhysicalNestedLoopJoin join);

  R visit(StreamIntervalJoin join);

  R visit(StreamRegularJoin join);

  R visit(StreamTableJoin join);

  R visit(StreamRank rank);

  R visit(StreamDeduplicate deduplicate);

  R visit(PhysicalSort sort);

  R visit(PhysicalLimit limit);

  R visit(PhysicalWindow window);

  R visit(PhysicalUnion union);

  R visit(PhysicalSetOperation setOperation);

  R visit(PhysicalValues values);

  R visit(PhysicalAssertSingleValue assertSingleValue);

  R visit(PhysicalWindowTableFunction windowTableFunction);

  R visit(PhysicalSessionWindow sessionWindow);

  R visit(StreamSessionWindow sessionWindow);
}
