package io.sluice.engine.checkpoint;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.engine.exec.OperatorState;
import io.sluice.engine.stream.StreamingQuery;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Puts a continuous query on its checkpoint: takes the lock, restores state, records every batch. */
public final class QueryCheckpoints {
  private QueryCheckpoints() {}

  /** The plan record of a query that is planned but has not run a batch. */
  public static PlanRecord planRecord(StreamingQuery query, String physicalPlan, List<String> sources) {
    List<PlanRecord.OperatorSchema> operators = new ArrayList<>();
    for (OperatorState state : query.plan().states()) {
      operators.add(schemaOf(state));
    }
    return new PlanRecord(query.text(), fingerprint(physicalPlan), query.mode().name().toLowerCase(
        java.util.Locale.ROOT), sources, operators);
  }

  /** An operator's state format version and shape: the header of its snapshot (StateIO#writeHeader). */
  static PlanRecord.OperatorSchema schemaOf(OperatorState state) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      state.snapshot(out);
    } catch (IOException e) {
      throw new IllegalStateException(e); // in memory
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return new PlanRecord.OperatorSchema(state.operatorName(), in.readInt(), in.readUTF());
    } catch (IOException e) {
      throw new IllegalStateException("the snapshot of " + state.operatorName() + " has no header", e);
    }
  }

  static String fingerprint(String plan) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(plan.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Opens the checkpoint at {@code location} for {@code query}, not started yet: the query goes on
   * from the last committed batch, runs an uncommitted one again with its recorded boundaries,
   * and records each batch from then on. The checkpoint's lock is held until the query ends.
   */
  public static Checkpoint attach(StreamingQuery query, String location, PlanRecord plan, int retain) {
    CheckpointFileSystem fs;
    try {
      fs = HadoopCheckpointFileSystem.open(location);
    } catch (IOException | RuntimeException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Cannot open checkpoint location '" + location + "': "
          + e.getMessage(), e);
    }
    return attach(query, fs, plan, retain);
  }

  /** {@link #attach(StreamingQuery, String, PlanRecord, int)} on a given file system (tests inject faults). */
  public static Checkpoint attach(StreamingQuery query, CheckpointFileSystem fs, PlanRecord plan, int retain) {
    Checkpoint checkpoint = Checkpoint.open(fs, plan, owner(query), retain);
    try {
      Checkpoint.Recovery recovery = checkpoint.recover();
      if (recovery.state() != null) {
        query.resumeFrom(recovery.state());
      }
      if (recovery.pending() != null) {
        OffsetRecord pending = recovery.pending();
        query.redoBatch(pending.batch(), pending.endOffsets(), pending.watermark(), pending.batchTime());
      }
      query.recordBatchesIn(checkpoint);
      return checkpoint;
    } catch (RuntimeException e) {
      checkpoint.close();
      throw e;
    }
  }

  private static String owner(StreamingQuery query) {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "unknown host";
    }
    return "query " + query.id() + " of process " + ProcessHandle.current().pid() + " on " + host + " (since "
        + java.time.Instant.now() + ")";
  }
}
