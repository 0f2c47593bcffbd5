package io.sluice.engine.checkpoint;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.runtime.state.StatefulOperator;
import io.sluice.engine.stream.QueryState;
import io.sluice.engine.stream.StreamingQuery;
import io.sluice.runtime.state.StateFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

/** Puts a continuous query on its checkpoint: takes the lock, restores state, records every batch. */
public final class QueryCheckpoints {
  private QueryCheckpoints() {}

  /** The plan record of a query that is planned but has not run a batch. */
  public static PlanRecord planRecord(StreamingQuery query, String physicalPlan, List<String> sources) {
    List<PlanRecord.OperatorSchema> operators = new ArrayList<>();
    for (StatefulOperator state : query.plan().states()) {
      operators.add(schemaOf(state));
    }
    return new PlanRecord(query.text(), fingerprint(physicalPlan), query.mode().name().toLowerCase(
        java.util.Locale.ROOT), sources, operators);
  }

  /** An operator's state format version and shape: the header its snapshots start with. */
  static PlanRecord.OperatorSchema schemaOf(StatefulOperator state) {
    StateFormat format = state.stateFormat();
    return new PlanRecord.OperatorSchema(state.operatorName(), format.version(), format.shape());
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
    return attach(query, location, plan, retain, StateChains.DEFAULT_SNAPSHOT_INTERVAL);
  }

  /**
   * {@link #attach(StreamingQuery, String, PlanRecord, int)} with a full snapshot of each
   * operator's state every {@code snapshotInterval} batches and deltas in between.
   */
  public static Checkpoint attach(StreamingQuery query, String location, PlanRecord plan, int retain,
      int snapshotInterval) {
    return attach(query, fileSystem(location), plan, retain, snapshotInterval);
  }

  /** The checkpoint folder at {@code location} (a URI or a local path), not opened as a checkpoint yet. */
  static CheckpointFileSystem fileSystem(String location) {
    try {
      return CheckpointLocations.open(location);
    } catch (IOException | RuntimeException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Cannot open checkpoint location '" + location + "': "
          + e.getMessage(), e);
    }
  }

  /** {@link #attach(StreamingQuery, String, PlanRecord, int)} on a given file system (tests inject faults). */
  public static Checkpoint attach(StreamingQuery query, CheckpointFileSystem fs, PlanRecord plan, int retain) {
    return attach(query, fs, plan, retain, StateChains.DEFAULT_SNAPSHOT_INTERVAL);
  }

  /** {@link #attach(StreamingQuery, String, PlanRecord, int, int)} on a given file system (tests inject faults). */
  public static Checkpoint attach(StreamingQuery query, CheckpointFileSystem fs, PlanRecord plan, int retain,
      int snapshotInterval) {
    Checkpoint checkpoint = Checkpoint.open(fs, plan, owner(query), retain);
    checkpoint.snapshotInterval(snapshotInterval);
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

  /** What a query would do with a checkpoint: start afresh, go on from it, or be refused. */
  public enum Outcome { NEW, RESUMES, REFUSED }

  /** {@link #check}'s answer: the checkpoint's full location, the outcome and the reasons for it, one sentence each. */
  public record Verdict(String location, Outcome outcome, List<String> reasons) {
    public Verdict {
      reasons = List.copyOf(reasons);
    }
  }

  /**
   * Whether {@code query}, planned as {@code plan} and not started, can go on from the checkpoint
   * at {@code location}, as starting it would decide, without starting it: its plan is compared
   * with the checkpoint's, the checkpoint's records are read and checked, and the state after the
   * last committed batch is restored into the query's operators. Reads only: no lock is taken and
   * nothing is written, so it may look at the checkpoint of a query that is running.
   */
  public static Verdict check(StreamingQuery query, String location, PlanRecord plan) {
    CheckpointFileSystem fs = fileSystem(location);
    String where = fs.describe("");
    try (fs) {
      if (!fs.exists(Checkpoint.METADATA)) {
        return new Verdict(where, Outcome.NEW, List.of("there is no checkpoint at " + where + " yet: the query"
            + " starts from the beginning of its sources"));
      }
      Checkpoint checkpoint = Checkpoint.inspect(fs);
      PlanRecord saved = checkpoint.plan();
      List<String> reasons = new ArrayList<>();
      if (saved != null) {
        List<String> problems = saved.incompatibilities(plan);
        if (!problems.isEmpty()) {
          return new Verdict(where, Outcome.REFUSED, problems);
        }
        if (!saved.equals(plan)) {
          reasons.add("the plan changed (fingerprint " + saved.fingerprint() + " is now " + plan.fingerprint()
              + ") in ways that keep the state: same sources, output mode and stateful operators");
        }
      }
      Checkpoint.Recovery recovery = checkpoint.recover();
      if (recovery.fresh()) {
        reasons.add(0, "the checkpoint has no batch yet: the query starts with batch 0");
        return new Verdict(where, Outcome.RESUMES, reasons);
      }
      if (recovery.state() != null) {
        query.resumeFrom(recovery.state()); // proves that the operators take the saved state
        reasons.add(0, "goes on after batch " + recovery.lastCommit().batch() + ", committed at "
            + Instant.ofEpochMilli(recovery.lastCommit().committedAt()) + ", with its state");
      }
      OffsetRecord pending = recovery.pending();
      if (pending != null) {
        reasons.add(recovery.state() == null ? 0 : 1, "first runs batch " + pending.batch() + " again, which started"
            + " but did not commit, with its recorded offsets, watermark and time");
      }
      return new Verdict(where, Outcome.RESUMES, reasons);
    } catch (SluiceException e) {
      return new Verdict(where, Outcome.REFUSED, List.of(e.getMessage()));
    } catch (IOException e) {
      return new Verdict(where, Outcome.REFUSED, List.of("cannot read checkpoint " + where + ": " + e.getMessage()));
    }
  }

  /**
   * Makes {@code query}, planned as {@code plan}, not started and recording nowhere, run batch
   * {@code batch} of the checkpoint at {@code location} again on its next step: from the state
   * after the batch before (commits/N-1; the empty state for batch 0), with the offsets,
   * watermark and processing time recorded before the batch first ran (offsets/N). It then
   * computes exactly the rows the batch wrote the first time. Reads only: no lock is taken and
   * nothing is written.
   *
   * @return the batch's write-ahead record
   */
  public static OffsetRecord prepareReplay(StreamingQuery query, String location, PlanRecord plan, long batch) {
    CheckpointFileSystem fs = fileSystem(location);
    try (fs) {
      Checkpoint checkpoint = Checkpoint.inspect(fs);
      PlanRecord saved = checkpoint.plan();
      List<String> problems = saved == null ? List.of() : saved.incompatibilities(plan);
      if (!problems.isEmpty()) {
        throw new SluiceException(ErrorCode.CHECKPOINT_INCOMPATIBLE, "This query cannot replay the batches of"
            + " checkpoint " + fs.describe("") + ", written by a query whose state it cannot take:\n  - "
            + String.join("\n  - ", problems) + "\nReplay with the pipeline as it was when the batch ran.");
      }
      TreeSet<Long> replayable = replayable(checkpoint);
      if (!replayable.contains(batch)) {
        throw new SluiceException(ErrorCode.CHECKPOINT_ERROR, "Batch " + batch + " cannot be replayed from checkpoint "
            + fs.describe("") + ": " + (replayable.isEmpty() ? "it holds no batch"
            : "it keeps the records of batches " + ranges(replayable)) + ". A batch replays from its"
            + " write-ahead record (offsets/N) and the commit of the batch before it; older ones are dropped"
            + " ('pipeline.checkpoint-retain' sets how many are kept).");
      }
      OffsetRecord offsets = checkpoint.readOffsets(batch);
      QueryState before;
      if (batch > 0) {
        CommitRecord previous = checkpoint.readCommit(batch - 1);
        if (!previous.offsets().equals(offsets.startOffsets())) {
          throw CheckpointFiles.corrupt(fs.describe(Checkpoint.OFFSETS + "/" + batch), "starts batch " + batch
              + " at offsets " + offsets.startOffsets() + ", but batch " + (batch - 1) + " committed up to "
              + previous.offsets());
        }
        before = checkpoint.stateAfter(previous);
      } else {
        // the empty state, reading from where batch 0 was recorded to start
        QueryState empty = query.state();
        before = new QueryState(0, offsets.startOffsets(), empty.maxEventTimes(), empty.watermark(),
            empty.nextStateDeadline(), empty.nextExpiry(), empty.operators());
      }
      query.resumeFrom(before);
      query.redoBatch(batch, offsets.endOffsets(), offsets.watermark(), offsets.batchTime());
      return offsets;
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Cannot read checkpoint " + location + ": " + e.getMessage(), e);
    }
  }

  /** The batches a checkpoint can replay: those with a write-ahead record whose batch before is committed. */
  static TreeSet<Long> replayable(Checkpoint checkpoint) {
    TreeSet<Long> committed = checkpoint.committedBatches();
    TreeSet<Long> batches = new TreeSet<>();
    for (long b : checkpoint.startedBatches()) {
      if (b == 0 || committed.contains(b - 1)) {
        batches.add(b);
      }
    }
    return batches;
  }

  /** Batch numbers as runs: "3-7, 9". */
  static String ranges(TreeSet<Long> batches) {
    StringBuilder sb = new StringBuilder();
    Long first = null;
    long last = 0;
    for (long b : batches) {
      if (first != null && b == last + 1) {
        last = b;
        continue;
      }
      appendRun(sb, first, last);
      first = b;
      last = b;
    }
    appendRun(sb, first, last);
    return sb.toString();
  }

  private static void appendRun(StringBuilder sb, Long first, long last) {
    if (first == null) {
      return;
    }
    sb.append(sb.length() == 0 ? "" : ", ").append(first);
    if (last > first) {
      sb.append(last == first + 1 ? ", " : "-").append(last);
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
