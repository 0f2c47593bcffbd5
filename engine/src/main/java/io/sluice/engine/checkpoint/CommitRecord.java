package io.sluice.engine.checkpoint;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The commit record of a batch ({@code commits/N}), the single commit point: once it is in place
 * the batch has happened. It says where the query is after the batch (next batch, offsets,
 * largest event times, watermark, when state waits or expires) and lists exactly the state file
 * of each stateful operator that makes up the state after the batch. {@code firstRetained} is the
 * oldest batch whose records the checkpoint keeps: every batch from there to this one must have
 * its offsets and commit, or the checkpoint is damaged.
 */
public record CommitRecord(long batch, Map<String, String> offsets, Map<String, Long> maxEventTimes, long watermark,
    long nextStateDeadline, long nextExpiry, List<StateFile> stateFiles, long outputRows, long committedAt,
    long firstRetained) {
  static final String KIND = "commit";
  static final int VERSION = 1;

  /** One operator's state after the batch: the file (which may be an earlier batch's, if unchanged). */
  public record StateFile(String operator, String path, long bytes) {}

  public CommitRecord {
    offsets = Collections.unmodifiableMap(new LinkedHashMap<>(offsets));
    maxEventTimes = Collections.unmodifiableMap(new LinkedHashMap<>(maxEventTimes));
    stateFiles = List.copyOf(stateFiles);
  }

  void writeTo(DataOutput out) throws IOException {
    out.writeLong(batch);
    Records.writeStrings(out, offsets);
    Records.writeLongs(out, maxEventTimes);
    out.writeLong(watermark);
    out.writeLong(nextStateDeadline);
    out.writeLong(nextExpiry);
    out.writeInt(stateFiles.size());
    for (StateFile f : stateFiles) {
      out.writeUTF(f.operator());
      out.writeUTF(f.path());
      out.writeLong(f.bytes());
    }
    out.writeLong(outputRows);
    out.writeLong(committedAt);
    out.writeLong(firstRetained);
  }

  static CommitRecord readFrom(DataInput in) throws IOException {
    long batch = in.readLong();
    Map<String, String> offsets = Records.readStrings(in);
    Map<String, Long> times = Records.readLongs(in);
    long watermark = in.readLong();
    long deadline = in.readLong();
    long expiry = in.readLong();
    List<StateFile> files = new ArrayList<>();
    for (int i = Records.count(in); i > 0; i--) {
      files.add(new StateFile(in.readUTF(), in.readUTF(), in.readLong()));
    }
    return new CommitRecord(batch, offsets, times, watermark, deadline, expiry, files, in.readLong(), in.readLong(),
        in.readLong());
  }
}
