package io.sluice.engine.exec;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.runtime.kernel.SortKey;
import io.sluice.runtime.kernel.Sorter;
import java.util.List;

/** Sorts its whole input (an ORDER BY, with the OFFSET and LIMIT folded in), then emits it. */
public final class SortOperator extends ExecNode {
  private final ExecNode input;
  private final List<DataType> types;
  private final List<SortKey> keys;
  private final long offset;
  /** Negative for no limit. */
  private final long limit;

  public SortOperator(String name, ExecNode input, List<DataType> types, List<SortKey> keys, long offset,
      long limit) {
    super(name, List.of(input));
    this.input = input;
    this.types = types;
    this.keys = keys;
    this.offset = offset;
    this.limit = limit;
  }

  @Override
  void execute(BatchConsumer out) {
    Sorter sorter = new Sorter(types, keys, offset, limit);
    input.run(sorter::add);
    sorter.emit(out);
  }
}
