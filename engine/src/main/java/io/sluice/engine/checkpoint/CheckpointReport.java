package io.sluice.engine.checkpoint;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.engine.batch.BatchRanges;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a checkpoint folder holds, as text for people ({@code SHOW CHECKPOINT}, {@code sluice
 * checkpoint show}): the query, its current plan, and each retained batch with its offsets,
 * watermark, time, output and state files. Reads only; a folder of {@code pipeline.checkpoint},
 * with one checkpoint per sink inside, is shown one checkpoint after the other.
 */
public final class CheckpointReport {
  private CheckpointReport() {}

  /** The report on the checkpoint, or checkpoints, at {@code location}. */
  public static String describe(String location) {
    CheckpointFileSystem fs = QueryCheckpoints.fileSystem(location);
    try (fs) {
      if (fs.exists(Checkpoint.METADATA)) {
        return describe(Checkpoint.inspect(fs));
      }
      List<String> names = new ArrayList<>(fs.list(""));
      java.util.Collections.sort(names);
      StringBuilder sb = new StringBuilder();
      for (String name : names) {
        if (fs.exists(name + "/" + Checkpoint.METADATA)) {
          try (CheckpointFileSystem inner = QueryCheckpoints.fileSystem(fs.describe(name))) {
            sb.append(sb.length() == 0 ? "" : "\n").append(describe(Checkpoint.inspect(inner)));
          }
        }
      }
      if (sb.length() == 0) {
        throw new SluiceException(ErrorCode.CHECKPOINT_ERROR, "There is no checkpoint at " + fs.describe("") + ": "
            + (!fs.exists("") ? "the folder does not exist" : names.isEmpty() ? "the folder is empty"
            : "the folder has no " + Checkpoint.METADATA + " file, nor a sub-folder with one (a pipeline's"
            + " checkpoint folder holds one checkpoint per sink)"));
      }
      return sb.toString();
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Cannot read checkpoint " + location + ": " + e.getMessage(), e);
    }
  }

  private static String describe(Checkpoint checkpoint) {
    StringBuilder sb = new StringBuilder();
    sb.append("checkpoint ").append(checkpoint.location()).append('\n');
    sb.append("query id: ").append(checkpoint.queryId()).append('\n');
    TreeSet<Long> plans = checkpoint.planVersions();
    PlanRecord plan = checkpoint.plan();
    if (plan == null) {
      sb.append("plan: none recorded\n");
    } else {
      sb.append("plan: ").append(Checkpoint.PLANS).append('/').append(plans.last()).append(" (fingerprint ")
          .append(plan.fingerprint()).append(plans.size() > 1 ? ", " + plans.size() + " plans recorded" : "")
          .append(")\n");
      sb.append("  query: ").append(plan.query().strip().replace("\n", "\n         ")).append('\n');
      sb.append("  output mode: ").append(plan.outputMode()).append('\n');
      sb.append("  sources: ").append(String.join(", ", plan.sources())).append('\n');
      if (plan.operators().isEmpty()) {
        sb.append("  state: none (each batch is processed on its own)\n");
      }
      for (int i = 0; i < plan.operators().size(); i++) {
        PlanRecord.OperatorSchema operator = plan.operators().get(i);
        // a shape names its operator first: say it once
        String shape = operator.shape().startsWith(operator.name() + ": ")
            ? operator.shape().substring(operator.name().length() + 2) : operator.shape();
        sb.append("  state ").append(i + 1).append(": ").append(operator.name()).append(", format ")
            .append(operator.version()).append(": ").append(shape).append('\n');
      }
    }
    TreeSet<Long> started = checkpoint.startedBatches();
    TreeSet<Long> committed = checkpoint.committedBatches();
    TreeSet<Long> batches = new TreeSet<>(started);
    batches.addAll(committed);
    if (batches.isEmpty()) {
      sb.append("batches: none yet\n");
      return sb.toString();
    }
    sb.append("batches retained: ").append(QueryCheckpoints.ranges(batches)).append(" (last committed: ")
        .append(committed.isEmpty() ? "none" : committed.last()).append(")\n");
    for (long batch : batches) {
      OffsetRecord offsets = started.contains(batch) ? checkpoint.readOffsets(batch) : null;
      CommitRecord commit = committed.contains(batch) ? checkpoint.readCommit(batch) : null;
      sb.append("batch ").append(batch).append(": ").append(commit != null ? "committed at "
          + Instant.ofEpochMilli(commit.committedAt()) : "not committed (it runs again with these offsets when the"
          + " query restarts)").append('\n');
      if (offsets != null) {
        for (Map.Entry<String, String> end : offsets.endOffsets().entrySet()) {
          sb.append("  offsets ").append(end.getKey()).append(": ").append(offsets.startOffsets().get(end.getKey()))
              .append(" .. ").append(end.getValue()).append('\n');
        }
        sb.append("  watermark: ").append(eventTime(offsets.watermark())).append('\n');
        sb.append("  batch time: ").append(Instant.ofEpochMilli(offsets.batchTime())).append('\n');
      } else {
        sb.append("  offsets: no record (dropped)\n");
      }
      if (commit != null) {
        sb.append("  output rows: ").append(commit.outputRows()).append('\n');
        sb.append("  watermark after: ").append(eventTime(commit.watermark())).append('\n');
        for (CommitRecord.StateFile file : commit.stateFiles()) {
          sb.append("  state ").append(file.operator()).append(": ").append(file.path()).append(" (")
              .append(file.bytes()).append(" bytes)").append(file.deltas().isEmpty() ? ""
                  : " + " + file.deltas().size() + " deltas up to " + file.deltas().get(file.deltas().size() - 1))
              .append('\n');
        }
      }
    }
    return sb.toString();
  }

  /** A watermark as event time (as TIMESTAMP values print), or what it means when it is none. */
  static String eventTime(long watermark) {
    if (watermark == BatchRanges.NO_WATERMARK) {
      return "none yet";
    }
    if (watermark == Long.MAX_VALUE) {
      return "end of input";
    }
    return io.sluice.catalog.data.Values.formatTimestamp(watermark);
  }
}
