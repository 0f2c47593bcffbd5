package io.sluice.engine.checkpoint;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Checksum;

/**
 * Writes to another stream, adding every byte to a checksum as it passes: a payload's checksum
 * taken while it is transferred, without a second pass over it. Array writes pass through whole
 * (FilterOutputStream would write them byte by byte).
 */
final class ChecksummedOutputStream extends FilterOutputStream {
  private final Checksum checksum;

  ChecksummedOutputStream(OutputStream out, Checksum checksum) {
    super(out);
    this.checksum = checksum;
  }

  @Override
  public void write(int b) throws IOException {
    checksum.update(b);
    out.write(b);
  }

  @Override
  public void write(byte[] bytes, int offset, int count) throws IOException {
    checksum.update(bytes, offset, count);
    out.write(bytes, offset, count);
  }
}
