package io.sluice.runtime.operator;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.stream.RowKind;

/** The check of operators that take only inserted rows (stream joins): a changelog row is refused with a clear error. */
final class InsertsOnly {
  private InsertsOnly() {}

  /** Returns {@code batch}, or throws if one of its rows is not an insert. */
  static Batch require(Batch batch) {
    byte[] kinds = batch.kinds;
    if (kinds != null) {
      int n = batch.rowCount();
      for (int k = 0; k < n; k++) {
        if (kinds[batch.row(k)] != RowKind.INSERT) {
          throw new SluiceException(ErrorCode.UNSUPPORTED, "A join received an updated or deleted row ("
              + RowKind.symbol(kinds[batch.row(k)]) + "): joins over changelog input are not supported yet");
        }
      }
    }
    return batch;
  }
}
