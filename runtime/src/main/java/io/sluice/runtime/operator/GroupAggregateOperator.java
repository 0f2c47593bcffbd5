package io.sluice.runtime.operator;

import io.sluice.catalog.stream.WindowEmit;
import io.sluice.runtime.batch.Lateness;
import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.runtime.kernel.AggregateKind;
import io.sluice.runtime.kernel.AggregateSpec;
import io.sluice.runtime.kernel.ChangelogEmitter;
import io.sluice.runtime.kernel.DiskGroups;
import io.sluice.runtime.kernel.ExpiryTracker;
import io.sluice.runtime.kernel.HashAggregator;
import io.sluice.runtime.kernel.PartialResults;
import io.sluice.runtime.state.StateFormat;
import io.sluice.runtime.state.StateIO;
import io.sluice.runtime.state.StatefulOperator;
import io.sluice.runtime.state.backend.DiskStateBackend;
import java.util.List;

/**
 * GROUP BY without a window. Complete mode emits every group after each batch; update mode
 * emits the groups the batch changed, as {@code +I} or {@code -U}/{@code +U} pairs.
 *
 * <p>With a state time-to-live ({@code pipeline.state-ttl}) a group no row touched for that
 * long, in processing time, is dropped: in update mode it is retracted with a {@code -D} so that
 * the sink forgets it too; in complete mode it is simply no longer in the result. A row for its
 * key later starts a new group.
 *
 * <p>Over a changelog input (an aggregation of an aggregation, say) rows of kind {@code -U} and
 * {@code -D} take back what earlier rows added. A group left without rows disappears: {@code -D}
 * in update mode, gone from the result in complete mode. Its slot is dropped once such slots
 * outnumber the groups that hold rows (dropping renumbers every group, so it is done in bulk).
 * With a time-to-live, a retraction for a group that expired is ignored.
 *
 * <p>Over SESSION windows in update mode ({@code windowEndKey} at least 0) the input is the
 * sessions' changelog: when a session grows or merges its rows leave the group of its old bounds
 * ({@code -D}) for the group of its new ones ({@code +I}), so the old group's row is retracted
 * and the new one's inserted. A group whose window_end the watermark passed can no longer change
 * (its session closed): it no longer counts as state, its last row stays in the result, and its
 * slot is dropped with the others once closed and empty slots outnumber the open groups. No
 * time-to-live applies: the watermark bounds the state.
 *
 * <p>With the disk state backend, in update mode without DISTINCT, a time-to-live or sessions
 * and, over a changelog, without MIN or MAX, the groups live in an on-disk store with the
 * aggregator as the cache of hot groups ({@link DiskGroups}); checkpoints hold the same snapshots
 * and deltas as on the heap, except that groups a changelog emptied stay (with no rows, as the
 * heap keeps them until they outnumber the others). Other forms keep their groups on the heap.
 *
 * <p>{@link #mergingPartials Merging partials}, its input is the groups the workers of a parallel
 * scan aggregated each split's rows into, in split order ({@link HashAggregator#emitPartials}):
 * the groups, their results and the snapshots are the same as over the rows themselves.
 */
public final class GroupAggregateOperator extends AbstractOperator implements StatefulOperator {
  /** Slots of groups without rows kept before they are dropped, beyond one per group with rows. */
  private static final int EMPTY_GROUPS_KEPT = 1024;

  /** Version of the snapshot format: groups, the last rows emitted (update mode), expiry times (TTL). */
  private static final int STATE_VERSION = 1;

  private final HashAggregator aggregator;
  private final ChangelogEmitter changes;
  /** Null without a time-to-live or without group keys (one global group, never dropped). */
  private final ExpiryTracker expiry;
  private final int[][] changed = new int[1][];
  /** Null on the heap backend. */
  private final DiskGroups disk;
  private final boolean overChangelog;
  private final boolean valueCounts;
  /** The position among the group keys of a session's window_end, or -1 when groups are not sessions. */
  private final int windowEndKey;
  /** Over sessions: no open group ends before this (a lower bound), among groups {@code [0, groupsSeen)}. */
  private long earliestEnd = Long.MAX_VALUE;
  private int groupsSeen;
  /** Over sessions: groups with rows whose window_end the watermark passed, not dropped yet. */
  private int closedGroups;
  private int closedInLastBatch;
  /** Over sessions: how long a closed session's groups wait for late rows ({@link #keepSessionGroupsFor}). */
  private WindowEmit sessionEmit = WindowEmit.DEFAULT;
  /** Whether the input holds partial results rather than rows ({@link #mergingPartials}). */
  private boolean mergesPartials;

  /**
   * @param name the operator's name, as the optimizer decided it (state is saved under it)
   * @param stateTtlMillis the state time-to-live ({@code pipeline.state-ttl}), 0 for none
   * @param windowEndKey the position among {@code keys} of a session's window_end (groups over
   *     SESSION windows in update mode, over their changelog), or -1
   */
  public GroupAggregateOperator(String name, List<DataType> inputTypes, int[] keys, List<AggregateSpec> specs,
      OutputMode mode, long stateTtlMillis, boolean overChangelog, int windowEndKey) {
    this(name, inputTypes, keys, specs, mode, stateTtlMillis, overChangelog, windowEndKey, null);
  }

  /**
   * @param backend the disk state backend ({@code pipeline.state.backend = 'disk'}), or null for
   *     the heap; used where the groups can move to disk (see the class comment)
   */
  public GroupAggregateOperator(String name, List<DataType> inputTypes, int[] keys, List<AggregateSpec> specs,
      OutputMode mode, long stateTtlMillis, boolean overChangelog, int windowEndKey, DiskStateBackend backend) {
    super(name);
    if (windowEndKey >= 0 && (mode != OutputMode.UPDATE || !overChangelog)) {
      throw new IllegalArgumentException("groups by session end over a changelog, in update mode");
    }
    this.overChangelog = overChangelog;
    this.windowEndKey = windowEndKey;
    this.aggregator = overChangelog ? HashAggregator.overChangelog(inputTypes, keys, specs)
        : new HashAggregator(inputTypes, keys, specs);
    this.valueCounts = overChangelog && specs.stream().anyMatch(spec -> spec.distinct()
        || spec.kind() == AggregateKind.MIN
        || spec.kind() == AggregateKind.MAX);
    this.expiry = stateTtlMillis > 0 && keys.length > 0 && windowEndKey < 0
        ? new ExpiryTracker(stateTtlMillis) : null;
    if (mode == OutputMode.UPDATE || expiry != null) {
      aggregator.trackChanges();
    }
    changes = mode == OutputMode.UPDATE ? new ChangelogEmitter(aggregator.outputTypes()) : null;
    disk = backend != null && changes != null && expiry == null && windowEndKey < 0 && aggregator.slotsHoldGroups()
        ? new DiskGroups(backend, name, aggregator, changes, backend.cacheBytes(), Integer.MAX_VALUE) : null;
  }

  /**
   * Takes partial results ({@link HashAggregator#emitPartials} of an aggregator of the same input
   * types, keys and aggregates) as input instead of rows. Only over append-only input, on the heap
   * and without sessions, with aggregates that {@link PartialResults#mergeable merge exactly}.
   */
  public GroupAggregateOperator mergingPartials() {
    if (overChangelog || windowEndKey >= 0 || disk != null
        || !PartialResults.mergeable(aggregator.inputTypes(), aggregator.aggregates())) {
      throw new IllegalStateException(name() + " cannot merge partial results");
    }
    mergesPartials = true;
    return this;
  }

  /** Whether the groups live on disk, with a cache of them on the heap. */
  public boolean onDisk() {
    return disk != null;
  }

  /** The groups on disk and their cache, or null on the heap backend. */
  public DiskGroups diskGroups() {
    return disk;
  }

  @Override
  public void input(int port, Batch batch) {
    if (mergesPartials) {
      aggregator.mergePartials(batch);
      return;
    }
    if (disk != null) {
      disk.prepare(batch, output);
      aggregator.add(batch);
      disk.added(output);
      return;
    }
    aggregator.add(batch);
  }

  @Override
  public void endBatch() {
    BatchConsumer out = output;
    if (expiry == null) {
      if (changes == null) {
        aggregator.emit(out);
      } else {
        changes.emitChanges(aggregator, out);
      }
      if (windowEndKey >= 0) {
        dropClosedGroups(out);
      }
      dropEmptyGroups(out);
      return;
    }
    long now = context.batchTime();
    int count = aggregator.takeChangedGroups(changed);
    expiry.touch(changed[0], count, now);
    if (changes != null) {
      changes.emitChanges(aggregator, changed[0], count, out);
    }
    if (expiry.due(now) && expiry.sweep(now, id -> true) > 0) {
      if (changes != null) {
        changes.expireGroups(expiry.dead(), expiry.deadCount(), expiry.live(), expiry.liveCount(), out);
      }
      aggregator.retainGroups(expiry.live(), expiry.liveCount());
    }
    dropEmptyGroups(out);
    if (changes == null) {
      aggregator.emit(out);
    }
    context.stateExpiresAt(expiry.nextExpiry());
  }

  /**
   * Over sessions with an allowed lateness: keeps a group until the watermark passes its window_end
   * plus the lateness, as the session operator below keeps the session, whose late rows may still
   * take the group's rows back.
   */
  public void keepSessionGroupsFor(WindowEmit emit) {
    sessionEmit = emit;
  }

  /**
   * Over sessions: counts the groups whose window_end the watermark passed (their session
   * closed, so no row reaches them again) and, once they and the slots of groups left without
   * rows outnumber the open groups, drops them all (dropping renumbers every group, so it is done
   * in bulk). Their last row was emitted and stays: the changelog only renumbers its rows. Counts
   * only when the watermark passed the earliest end of an open group, kept up to date from the
   * groups each batch adds (group ids are handed out in order).
   */
  private void dropClosedGroups(BatchConsumer out) {
    int total = aggregator.groupCount();
    long[] ends = aggregator.groupKeyLongs(windowEndKey);
    for (int g = groupsSeen; g < total; g++) {
      earliestEnd = Math.min(earliestEnd, ends[g]);
    }
    groupsSeen = total;
    closedInLastBatch = 0;
    long watermark = sessionEmit.lateThrough(context.watermark());
    if (!Lateness.isClosed(earliestEnd, watermark)) {
      return;
    }
    int closed = 0;
    long earliest = Long.MAX_VALUE;
    for (int g = 0; g < total; g++) {
      if (aggregator.hasRows(g)) {
        if (Lateness.isClosed(ends[g], watermark)) {
          closed++;
        } else {
          earliest = Math.min(earliest, ends[g]);
        }
      }
    }
    closedInLastBatch = closed - closedGroups;
    closedGroups = closed;
    earliestEnd = earliest;
    int open = aggregator.groupsWithRows() - closed;
    if (total - open <= open + EMPTY_GROUPS_KEPT) {
      return;
    }
    int[] kept = new int[open];
    int count = 0;
    for (int g = 0; g < total; g++) {
      if (aggregator.hasRows(g) && !Lateness.isClosed(ends[g], watermark)) {
        kept[count++] = g;
      }
    }
    changes.expireGroups(kept, 0, kept, count, out);
    aggregator.retainGroups(kept, count);
    closedGroups = 0;
    groupsSeen = count;
  }

  /**
   * Drops the slots of groups whose rows were all retracted, once they outnumber the others.
   * Their {@code -D} went out when they emptied, so the changelog only renumbers its rows.
   */
  private void dropEmptyGroups(BatchConsumer out) {
    int withRows = aggregator.groupsWithRows();
    if (!overChangelog || disk != null || aggregator.groupCount() - withRows <= withRows + EMPTY_GROUPS_KEPT) {
      return;
    }
    int count = aggregator.groupsWithRows(changed);
    int[] kept = changed[0];
    if (changes != null) {
      changes.expireGroups(kept, 0, kept, count, out);
    }
    if (expiry != null) {
      expiry.retain(kept, count);
    }
    aggregator.retainGroups(kept, count);
    groupsSeen = Math.min(groupsSeen, count);
  }

  /** The most heap bytes the last restore held of the groups at a time on the disk backend (0 on the heap). */
  public long restorePeakBytes() {
    return disk == null ? 0 : disk.restorePeakBytes();
  }

  /** Groups with rows; over sessions, those still open. */
  @Override
  public long stateRows() {
    if (disk != null) {
      return disk.groupsWithRows();
    }
    return aggregator.groupsWithRows() - closedGroups;
  }

  @Override
  public StateFormat stateFormat() {
    return new StateFormat(STATE_VERSION, shape());
  }

  @Override
  public void snapshot(java.io.DataOutput out) throws java.io.IOException {
    stateFormat().writeHeader(out);
    if (disk != null && !disk.cacheIsWhole()) {
      disk.writeSnapshot(out);
      return;
    }
    aggregator.writeTo(out);
    if (changes != null) {
      changes.writeTo(out);
    }
    if (expiry != null) {
      expiry.writeTo(out);
    }
    if (windowEndKey >= 0) {
      out.writeInt(closedGroups);
    }
  }

  @Override
  public void restore(java.io.DataInput in) throws java.io.IOException {
    stateFormat().readHeader(in);
    if (disk != null && disk.readsSnapshotInChunks()) {
      disk.readSnapshot(in, disk.cacheBytes()); // a chunk at a time, into the store when larger than the cache's share
    } else {
      readOnHeap(in);
    }
    // the earliest session end is derived: the next batch finds it again from every group
    earliestEnd = Long.MAX_VALUE;
    groupsSeen = 0;
    closedInLastBatch = 0;
  }

  private void readOnHeap(java.io.DataInput in) throws java.io.IOException {
    aggregator.readFrom(in);
    if (changes != null) {
      changes.readFrom(in);
    }
    if (expiry != null) {
      expiry.readFrom(in);
    }
    if (windowEndKey >= 0) {
      closedGroups = in.readInt();
      if (closedGroups < 0 || closedGroups > aggregator.groupsWithRows()) {
        throw StateIO.corrupt(closedGroups + " closed session groups of " + aggregator.groupsWithRows());
      }
    }
    if (disk != null) {
      disk.restored();
    }
  }

  @Override
  public void markDeltaBase() {
    aggregator.markDeltaBase();
    if (disk != null) {
      disk.markDeltaBase();
    }
  }

  /**
   * Deltas hold the groups a batch touched (their aggregate slots and last rows emitted); with a
   * time-to-live or over sessions (groups expire and are renumbered) every state is a snapshot. On
   * disk, once groups were written out, the store writes them, in the same format.
   */
  @Override
  public boolean deltaReady() {
    if (expiry != null || windowEndKey >= 0) {
      return false;
    }
    return disk == null || disk.cacheIsWhole() ? aggregator.deltaReady() : disk.deltaReady();
  }

  @Override
  public void snapshotDelta(java.io.DataOutput out) throws java.io.IOException {
    stateFormat().writeHeader(out);
    if (disk != null && !disk.cacheIsWhole()) {
      disk.writeDelta(out);
      return;
    }
    int[] ids = aggregator.touchedGroups();
    aggregator.writeDelta(out, ids);
    if (changes != null) {
      changes.writeDelta(out, ids);
    }
  }

  @Override
  public void applyDelta(java.io.DataInput in) throws java.io.IOException {
    if (expiry != null || windowEndKey >= 0) {
      throw StateIO.corrupt("a state delta for " + name() + ", which writes none");
    }
    stateFormat().readHeader(in);
    if (disk != null && !disk.cacheIsWhole()) {
      disk.applyStoredDelta(in); // restored into the store: the delta goes there too
      return;
    }
    aggregator.applyDelta(in);
    if (changes != null) {
      changes.applyDelta(in);
    }
    if (disk != null) {
      disk.restored();
    }
  }

  @Override
  public String lastChoice() {
    if (disk != null) {
      return disk.describe();
    }
    if (mergesPartials) {
      return "two phases: merges the groups the workers aggregated per split";
    }
    return windowEndKey < 0 ? null : stateRows() + " open session groups, " + closedInLastBatch + " closed";
  }

  @Override
  public void close() {
    if (disk != null) {
      disk.close();
    }
  }

  private String shape() {
    return name() + " " + aggregator.shape() + (expiry == null ? "" : ", time-to-live " + expiry.ttlMillis() + " ms");
  }

  /**
   * What its tables would allocate for {@code rows} new groups. On disk 0: the cache is written
   * out before a chunk that would grow it past its share ({@link DiskGroups#prepare}), so it
   * grows by at most one chunk of input and then goes to disk.
   */
  @Override
  public long growthBytes(int rows) {
    if (disk != null) {
      return 0;
    }
    return aggregator.growthBytes(rows) + (changes == null ? 0 : changes.growthBytes(rows));
  }

  @Override
  public long stateBytes() {
    return aggregator.estimatedBytes() + (changes == null ? 0 : changes.estimatedBytes())
        + (expiry == null ? 0 : expiry.estimatedBytes());
  }
}
