package io.sluice.runtime.operator;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.runtime.kernel.SortKey;
import io.sluice.runtime.kernel.Sorter;
import io.sluice.runtime.spill.SpillSpace;
import java.util.List;

/**
 * Sorts its whole input (an ORDER BY, with the OFFSET and LIMIT folded in), then emits it; an
 * input beyond the memory limit of its {@link SpillSpace} is sorted externally.
 */
public final class SortOperator extends AbstractOperator {
  private final List<DataType> types;
  private final List<SortKey> keys;
  private final long offset;
  /** Negative for no limit. */
  private final long limit;
  private final SpillSpace space;
  private Sorter sorter;

  public SortOperator(String name, List<DataType> types, List<SortKey> keys, long offset, long limit,
      SpillSpace space) {
    super(name);
    this.space = space;
    if (limit < 0 || offset + limit > Sorter.TOP_N_THRESHOLD) {
      space.addOperator(); // a top-N sort keeps its few rows and never spills
    }
    this.types = types;
    this.keys = keys;
    this.offset = offset;
    this.limit = limit;
  }

  @Override
  public void startBatch() {
    close();
    sorter = new Sorter(types, keys, offset, limit, space);
  }

  @Override
  public void input(int port, Batch batch) {
    sorter.add(batch);
  }

  @Override
  public void endBatch() {
    try {
      sorter.emit(output);
    } finally {
      close();
    }
  }

  @Override
  public void close() {
    if (sorter != null) {
      sorter.close();
      sorter = null;
    }
  }
}
