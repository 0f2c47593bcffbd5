package io.sluice.engine.checkpoint;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The write-ahead record of a batch ({@code offsets/N}), written before the batch runs: exactly
 * which rows it reads (each source's start and end offset), the watermark it runs with and its
 * processing time. A batch run again after a crash, or replayed, reads the same rows with the
 * same watermark and time, so it produces the same output.
 */
public record OffsetRecord(long batch, Map<String, String> startOffsets, Map<String, String> endOffsets,
    long watermark, long batchTime) {
  static final String KIND = "offsets";
  static final int VERSION = 1;

  public OffsetRecord {
    startOffsets = Collections.unmodifiableMap(new LinkedHashMap<>(startOffsets));
    endOffsets = Collections.unmodifiableMap(new LinkedHashMap<>(endOffsets));
  }

  void writeTo(DataOutput out) throws IOException {
    out.writeLong(batch);
    Records.writeStrings(out, startOffsets);
    Records.writeStrings(out, endOffsets);
    out.writeLong(watermark);
    out.writeLong(batchTime);
  }

  static OffsetRecord readFrom(DataInput in) throws IOException {
    long batch = in.readLong();
    Map<String, String> start = Records.readStrings(in);
    Map<String, String> end = Records.readStrings(in);
    return new OffsetRecord(batch, start, end, in.readLong(), in.readLong());
  }
}
