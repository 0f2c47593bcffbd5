package io.sluice.runtime.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * What the bytes of an operator's snapshot mean: the version of its layout and the operator's
 * shape (what it is, its column types, keys and options), which the layout depends on. Every
 * snapshot starts with these two as its header, so a snapshot of another version, or of an
 * operator of another shape, is refused on restore instead of being misread. A checkpoint's plan
 * record lists each operator's format, so a changed query is refused before any state is read.
 *
 * @param version the layout's version; raise it whenever the bytes after the header change
 * @param shape a description of the operator the bytes belong to, compared as text on restore
 */
public record StateFormat(int version, String shape) {

  /** Writes the header (the version, then the shape) that starts a snapshot of this format. */
  public void writeHeader(DataOutput out) throws IOException {
    StateIO.writeHeader(out, version, shape);
  }

  /**
   * Reads a header written by {@link #writeHeader} and refuses (a {@link io.sluice.catalog.SluiceException})
   * a snapshot of another version or shape.
   */
  public void readHeader(DataInput in) throws IOException {
    StateIO.readHeader(in, version, shape);
  }
}
