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
 * of each stateful operator that makes up the state after the batch: its last full snapshot and
 * the deltas written after it, to apply in order. {@code firstRetained} is the
 * oldest batch whose records the checkpoint keeps: every batch from there to this one must have
 * its offsets and commit, or the checkpoint is damaged.
 */
public record CommitRecord(long batch, Map<String, String> offsets, Map<String, Long> maxEventTimes, long watermark,
    long nextStateDeadline, long nextExpiry, List<StateFile> stateFiles, long outputRows, long committedAt,
    long firstRetained) {
  static final String KIND = "commit";
  /** Version 2 lists each operator's deltas after its snapshot; version 1 (snapshots only) is still read. */
  static final int VERSION = 2;

  /**
   * One operator's state after the batch: the snapshot file (which may be an earlier batch's) of
   * {@code bytes} bytes, then the delta files to apply on it, oldest first.
   */
  public record StateFile(String operator, String path, long bytes, List<String> deltas) {
    public StateFile {
      deltas = List.copyOf(deltas);
    }

    public StateFile(String operator, String path, long bytes) {
      this(operator, path, bytes, List.of());
    }
  }

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
      out.writeInt(f.deltas().size());
      for (String delta : f.deltas()) {
        out.writeUTF(delta);
      }
    }
    out.writeLong(outputRows);
    out.writeLong(committedAt);
    out.writeLong(firstRetained);
  }

  static CommitRecord readFrom(DataInput in) throws IOException {
    return readFrom(in, VERSION);
  }

  /** Reads a record of format {@code version} (1 or 2). */
  static CommitRecord readFrom(DataInput in, int version) throws IOException {
    long batch = in.readLong();
    Map<String, String> offsets = Records.readStrings(in);
    Map<String, Long> times = Records.readLongs(in);
    long watermark = in.readLong();
    long deadline = in.readLong();
    long expiry = in.readLong();
    List<StateFile> files = new ArrayList<>();
    for (int i = Records.count(in); i > 0; i--) {
      String operator = in.readUTF();
      String path = in.readUTF();
      long bytes = in.readLong();
      List<String> deltas = new ArrayList<>();
      for (int d = version == 1 ? 0 : Records.count(in); d > 0; d--) {
        deltas.add(in.readUTF());
      }
      files.add(new StateFile(operator, path, bytes, deltas));
    }
    return new CommitRecord(batch, offsets, times, watermark, deadline, expiry, files, in.readLong(), in.readLong(),
        in.readLong());
  }
}
