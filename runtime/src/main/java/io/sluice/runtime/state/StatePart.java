package io.sluice.runtime.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A piece of state a {@link StatefulOperator} is built from (a hash table of groups, the last rows
 * emitted, expiry times, buffered join rows): it writes and reads its own bytes, with no header,
 * and an operator writes its parts one after another under its one {@link StateFormat} header.
 * A part does not know the operator's version; its layout is part of the operator's format.
 */
public interface StatePart {
  /** Writes this part's state; {@link #readFrom} on a part of the same shape reads it back. */
  void writeTo(DataOutput out) throws IOException;

  /** Replaces this part's state with one written by {@link #writeTo}. */
  void readFrom(DataInput in) throws IOException;

  /** An estimate of the bytes this part holds in memory. */
  long estimatedBytes();
}
