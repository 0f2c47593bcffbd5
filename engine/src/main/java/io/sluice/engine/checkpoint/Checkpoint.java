package io.sluice.engine.checkpoint;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.engine.stream.QueryState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A continuous query's checkpoint folder (DESIGN.md, "Checkpoint protocol"):
 * <pre>
 *   metadata           the query's identity, written once
 *   plan/K             what the state belongs to ({@link PlanRecord}); the highest K is current
 *   offsets/N          write-ahead record of batch N, before it runs ({@link OffsetRecord})
 *   state/OP/N-ATTEMPT an operator's full snapshot after batch N, written by one attempt: the chunks it is made of
 *   state/OP/N-ATTEMPT.delta what batch N changed in an operator's state ({@link StateChains})
 *   state/chunks/ID    the chunks of state files, each stored once ({@link StateStore})
 *   commits/N          the commit point of batch N ({@link CommitRecord}), listing its state files:
 *                      per operator a snapshot and the deltas after it
 *   lock               held while a process runs the query
 * </pre>
 * Every file is written atomically and checked when read ({@link CheckpointFiles}); the state
 * files of a commit are flushed together, before its record ({@link CheckpointFiles.Together}). On start the
 * last commit C and the last offsets O decide: O = C, go on with batch C + 1; O = C + 1, run
 * batch O again with its recorded boundaries; anything else is refused, never repaired.
 */
public final class Checkpoint implements io.sluice.engine.stream.BatchLog, AutoCloseable {
  static final String METADATA = "metadata";
  static final String PLANS = "plan";
  static final String OFFSETS = "offsets";
  static final String COMMITS = "commits";
  static final String STATE = "state";
  static final String LOCK = "lock";
  private static final int METADATA_VERSION = 1;
  private static final String METADATA_KIND = "metadata";

  private final WriteCountingFileSystem fs;
  private final String queryId;
  private final int retain;
  /** Unique per process start: state files of a batch run again never collide with the first run's. */
  private final String attempt;
  private final StateStore states;
  /** Per operator, the snapshot and deltas its state is made of. */
  private final StateChains chains;
  /** Held while a batch commits and while old files are deleted, so that deletion never races a commit. */
  private final java.util.concurrent.locks.ReentrantLock writing = new java.util.concurrent.locks.ReentrantLock();
  /**
   * Deletes what the retained batches no longer need and writes snapshots in the background, off
   * the query's thread; one thread, so a deletion never runs while a snapshot is being written.
   */
  private java.util.concurrent.ExecutorService cleaner;
  private long lastCommitted = -1;
  /**
   * The first batch whose records the checkpoint keeps: never lower than a commit record said, so
   * that a restart with a larger {@code pipeline.checkpoint-retain} does not claim batches an
   * earlier run already deleted.
   */
  private long firstKept;
  private boolean closed;

  private Checkpoint(CheckpointFileSystem fs, String queryId, int retain) {
    this.fs = new WriteCountingFileSystem(fs);
    this.queryId = queryId;
    this.retain = retain;
    this.attempt = Integer.toHexString(ThreadLocalRandom.current().nextInt() | 0x10000000);
    this.states = new StateStore(this.fs);
    this.chains = new StateChains(this.fs, states);
    this.chains.background(task -> writer().execute(task));
  }

  /** The checkpoint's writer thread (cleaner and background snapshots), started on first use. */
  private synchronized java.util.concurrent.ExecutorService writer() {
    if (cleaner == null) {
      cleaner = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sluice-checkpoint-writer");
        t.setDaemon(true);
        return t;
      });
    }
    return cleaner;
  }

  /**
   * Whether a due full snapshot that comes with a delta is written in the background while the
   * next batches run ({@code pipeline.checkpoint.background-snapshots}, on by default), rather
   * than before the batch commits.
   */
  public void backgroundSnapshots(boolean on) {
    chains.background(on ? task -> writer().execute(task) : null);
  }

  /** Waits until what the writer thread was given so far (snapshots, a purge) is done. */
  void awaitWrites() throws InterruptedException, java.util.concurrent.ExecutionException {
    writer().submit(() -> { }).get();
  }

  @Override
  public boolean snapshotInBackground(int operator) {
    return chains.snapshotInBackground(operator);
  }

  /**
   * How many batches a full snapshot of an operator's state serves: in between, batches write
   * only deltas ({@code pipeline.checkpoint.snapshot-interval}; 1 writes a snapshot every batch).
   */
  public void snapshotInterval(int batches) {
    chains.snapshotInterval(batches);
  }

  @Override
  public boolean fullSnapshotDue(int operator, long snapshotBytes) {
    return chains.fullSnapshotDue(operator, snapshotBytes);
  }

  /** Where a query goes on from, read from the checkpoint on open. */
  public record Recovery(CommitRecord lastCommit, QueryState state, OffsetRecord pending) {
    /** Whether the checkpoint has no batch yet. */
    public boolean fresh() {
      return lastCommit == null && pending == null;
    }
  }

  /**
   * Opens (creating if needed) the checkpoint at {@code location} for a query planned as {@code
   * plan}, takes its lock and checks that the query can take the state in it.
   *
   * @param owner who takes the lock (process and host), shown to a second process that tries
   * @param retain how many last batches keep their records and state (at least 1)
   */
  public static Checkpoint open(CheckpointFileSystem fs, PlanRecord plan, String owner, int retain) {
    try {
      fs.mkdirs("");
      String holder = fs.tryLock(LOCK, owner);
      if (holder != null) {
        throw new SluiceException(ErrorCode.CHECKPOINT_IN_USE, "Checkpoint " + fs.describe("") + " is in use by "
            + holder + ": two queries cannot run on one checkpoint. Stop the other query, or give this one another"
            + " location with SET 'pipeline.checkpoint'.");
      }
      removeLeftovers(fs);
      String queryId = readOrCreateMetadata(fs);
      Checkpoint checkpoint = new Checkpoint(fs, queryId, Math.max(1, retain));
      checkpoint.checkPlan(plan);
      return checkpoint;
    } catch (IOException e) {
      closeQuietly(fs);
      throw new SluiceException(ErrorCode.IO_ERROR, "Cannot open checkpoint " + fs.describe("") + ": "
          + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(fs);
      throw e;
    }
  }

  /**
   * Deletes the temporary files of writes that a kill or a full disk cut short. Readers already
   * skip them; under the lock no other process is writing, so every one is a leftover.
   */
  private static void removeLeftovers(CheckpointFileSystem fs) throws IOException {
    List<String> folders = new ArrayList<>(List.of("", PLANS, OFFSETS, COMMITS, STATE));
    for (String operator : fs.list(STATE)) {
      if (!CheckpointFiles.isTemporary(operator)) {
        folders.add(STATE + "/" + operator); // the operators' folders and the chunks folder
      }
    }
    for (String folder : folders) {
      for (String name : fs.list(folder)) {
        if (CheckpointFiles.isTemporary(name)) {
          fs.delete(folder.isEmpty() ? name : folder + "/" + name);
        }
      }
    }
  }

  /** Opens a checkpoint to read it only (no lock, nothing written): for {@code sluice checkpoint show}. */
  public static Checkpoint inspect(CheckpointFileSystem fs) {
    try {
      if (!fs.exists(METADATA)) {
        throw new SluiceException(ErrorCode.CHECKPOINT_ERROR, "There is no checkpoint at " + fs.describe("")
            + (fs.list("").isEmpty() ? "" : ": the folder has no " + METADATA + " file"));
      }
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Cannot read checkpoint " + fs.describe("") + ": " + e.getMessage(),
          e);
    }
    String queryId = readMetadata(fs);
    return new Checkpoint(fs, queryId, Integer.MAX_VALUE);
  }

  private static String readOrCreateMetadata(CheckpointFileSystem fs) throws IOException {
    if (fs.exists(METADATA)) {
      return readMetadata(fs);
    }
    for (String folder : List.of(OFFSETS, COMMITS, PLANS)) {
      if (!batchNumbers(fs, folder).isEmpty()) {
        throw CheckpointFiles.corrupt(fs.describe(METADATA), "is missing, though the folder holds " + folder
            + " records");
      }
    }
    String id = UUID.randomUUID().toString();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(id);
      out.writeLong(System.currentTimeMillis());
    }
    CheckpointFiles.write(fs, METADATA, CheckpointFiles.encode(METADATA_KIND, METADATA_VERSION, bytes.toByteArray()));
    return id;
  }

  private static String readMetadata(CheckpointFileSystem fs) {
    CheckpointFiles.Payload payload = CheckpointFiles.read(fs, METADATA, METADATA_KIND, METADATA_VERSION);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload.bytes()))) {
      return in.readUTF();
    } catch (IOException e) {
      throw CheckpointFiles.corrupt(fs.describe(METADATA), "does not hold a query id (" + e.getMessage() + ")");
    }
  }

  /** The query's identity, kept across restarts. */
  public String queryId() {
    return queryId;
  }

  public String location() {
    return fs.describe("");
  }

  /** The plan the state was last written under, or null for a new checkpoint. */
  public PlanRecord plan() {
    TreeSet<Long> plans = batchNumbers(PLANS);
    return plans.isEmpty() ? null : readPlan(plans.last());
  }

  private PlanRecord readPlan(long number) {
    String path = PLANS + "/" + number;
    CheckpointFiles.Payload payload = CheckpointFiles.read(fs, path, PlanRecord.KIND, PlanRecord.VERSION);
    return parse(path, payload, PlanRecord::readFrom);
  }

  private void checkPlan(PlanRecord plan) throws IOException {
    TreeSet<Long> plans = batchNumbers(PLANS);
    PlanRecord saved = plans.isEmpty() ? null : readPlan(plans.last());
    if (saved != null) {
      List<String> problems = saved.incompatibilities(plan);
      if (!problems.isEmpty()) {
        throw incompatible(fs.describe(""), problems);
      }
      if (saved.equals(plan)) {
        return;
      }
    }
    if (saved == null && (!batchNumbers(OFFSETS).isEmpty() || !batchNumbers(COMMITS).isEmpty())) {
      throw CheckpointFiles.corrupt(fs.describe(PLANS + "/"), "is missing or empty, though the checkpoint holds"
          + " batches");
    }
    long next = plans.isEmpty() ? 0 : plans.last() + 1;
    write(PLANS + "/" + next, PlanRecord.KIND, PlanRecord.VERSION, plan::writeTo);
  }

  /** The refusal of a query that cannot take a checkpoint's state, listing why. */
  public static SluiceException incompatible(String location, List<String> problems) {
    StringBuilder sb = new StringBuilder("The query cannot go on from checkpoint " + location + ", written by a"
        + " query whose state it cannot take:");
    for (String p : problems) {
      sb.append("\n  - ").append(p);
    }
    sb.append("\nRestore the query as it was, or start it on a new checkpoint location (SET 'pipeline.checkpoint').");
    return new SluiceException(ErrorCode.CHECKPOINT_INCOMPATIBLE, sb.toString());
  }

  /**
   * Reads where the query stands: the last committed batch with the state after it, and the
   * batch that was started but not committed, if any.
   */
  public Recovery recover() {
    TreeSet<Long> offsets = batchNumbers(OFFSETS);
    TreeSet<Long> commits = batchNumbers(COMMITS);
    Long lastOffsets = offsets.isEmpty() ? null : offsets.last();
    Long lastCommit = commits.isEmpty() ? null : commits.last();
    if (lastCommit != null && (lastOffsets == null || lastOffsets < lastCommit || !offsets.contains(lastCommit))) {
      throw CheckpointFiles.corrupt(fs.describe(OFFSETS + "/" + lastCommit), "is missing, though batch "
          + lastCommit + " is committed (" + COMMITS + "/" + lastCommit + ")");
    }
    // without a commit only batch 0 may have started; after commit C, batch C + 1 at most
    long newestAllowed = lastCommit == null ? 0 : lastCommit + 1;
    if (lastOffsets != null && lastOffsets > newestAllowed) {
      throw CheckpointFiles.corrupt(fs.describe(COMMITS + "/" + (lastOffsets - 1)), "is missing: batch "
          + lastOffsets + " was started (" + OFFSETS + "/" + lastOffsets + "), which happens only after batch "
          + (lastOffsets - 1) + " committed");
    }
    CommitRecord commit = lastCommit == null ? null : readCommit(lastCommit);
    verifyRetained(offsets, commits, commit == null ? 0 : Math.max(0, commit.firstRetained()));
    if (commit != null) {
      for (long b = Math.max(0, commit.firstRetained()); b < lastCommit; b++) {
        String missing = !commits.contains(b) ? COMMITS + "/" + b : !offsets.contains(b) ? OFFSETS + "/" + b : null;
        if (missing != null) {
          throw CheckpointFiles.corrupt(fs.describe(missing), "is missing: the checkpoint keeps batches "
              + commit.firstRetained() + " to " + lastCommit + " (" + COMMITS + "/" + lastCommit + ")");
        }
      }
    }
    QueryState state = commit == null ? null : stateAfter(commit);
    OffsetRecord pending = lastOffsets != null && (lastCommit == null || lastOffsets > lastCommit)
        ? readOffsets(lastOffsets) : null;
    if (pending != null && commit != null && !pending.startOffsets().equals(commit.offsets())) {
      throw CheckpointFiles.corrupt(fs.describe(OFFSETS + "/" + pending.batch()), "starts batch " + pending.batch()
          + " at offsets " + pending.startOffsets() + ", but batch " + commit.batch() + " committed up to "
          + commit.offsets());
    }
    lastCommitted = lastCommit == null ? -1 : lastCommit;
    firstKept = commit == null ? 0 : Math.max(0, commit.firstRetained());
    try {
      states.scan();
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Cannot list checkpoint folder " + fs.describe(StateStore.CHUNKS)
          + ": " + e.getMessage(), e);
    }
    return new Recovery(commit, state, pending);
  }

  /**
   * Reads and checks every retained file, so that a damaged one is refused when the query starts
   * rather than when a replay or a later restart needs it.
   */
  private void verifyRetained(TreeSet<Long> offsets, TreeSet<Long> commits, long firstRetained) {
    for (long b : batchNumbers(PLANS)) {
      readPlan(b);
    }
    // records before the first retained batch are left over from a purge that a crash cut short
    for (long b : offsets.tailSet(firstRetained)) {
      readOffsets(b);
    }
    java.util.Set<String> stateFiles = new java.util.LinkedHashSet<>();
    java.util.Set<String> deltaFiles = new java.util.LinkedHashSet<>();
    for (long b : commits.tailSet(firstRetained)) {
      for (CommitRecord.StateFile f : readCommit(b).stateFiles()) {
        stateFiles.add(f.path());
        deltaFiles.addAll(f.deltas());
      }
    }
    for (String path : stateFiles) {
      states.read(path);
    }
    for (String path : deltaFiles) {
      chains.readDelta(path);
    }
  }

  /** The commit record of batch {@code batch}. */
  public CommitRecord readCommit(long batch) {
    String path = COMMITS + "/" + batch;
    CheckpointFiles.Payload payload = CheckpointFiles.read(fs, path, CommitRecord.KIND, CommitRecord.VERSION);
    CommitRecord record = parse(path, payload, in -> CommitRecord.readFrom(in, payload.version()));
    if (record.batch() != batch) {
      throw CheckpointFiles.corrupt(fs.describe(path), "records batch " + record.batch());
    }
    return record;
  }

  /** The write-ahead record of batch {@code batch}. */
  public OffsetRecord readOffsets(long batch) {
    return readBatchRecord(OFFSETS, batch, OffsetRecord.KIND, OffsetRecord.VERSION, OffsetRecord::readFrom,
        OffsetRecord::batch);
  }

  private <T> T readBatchRecord(String folder, long batch, String kind, int version, Parser<T> parser,
      java.util.function.ToLongFunction<T> batchOf) {
    String path = folder + "/" + batch;
    T record = parse(path, CheckpointFiles.read(fs, path, kind, version), parser);
    if (batchOf.applyAsLong(record) != batch) {
      throw CheckpointFiles.corrupt(fs.describe(path), "records batch " + batchOf.applyAsLong(record));
    }
    return record;
  }

  /** The batches with a write-ahead record, and those committed. */
  public TreeSet<Long> startedBatches() {
    return batchNumbers(OFFSETS);
  }

  public TreeSet<Long> committedBatches() {
    return batchNumbers(COMMITS);
  }

  /** The numbers K of the plan records {@code plan/K}; the highest is the current plan. */
  public TreeSet<Long> planVersions() {
    return batchNumbers(PLANS);
  }

  /**
   * The query's state after a committed batch, its operators' state files (snapshots and deltas)
   * read and checked; later commits go on from these files.
   */
  public QueryState stateAfter(CommitRecord commit) {
    List<QueryState.Operator> operators = new ArrayList<>();
    chains.reset(commit.stateFiles().size());
    for (int i = 0; i < commit.stateFiles().size(); i++) {
      operators.add(chains.read(i, commit.stateFiles().get(i)));
    }
    return new QueryState(commit.batch() + 1, commit.offsets(), commit.maxEventTimes(), commit.watermark(),
        commit.nextStateDeadline(), commit.nextExpiry(), operators);
  }

  @Override
  public void started(long batchId, java.util.Map<String, String> startOffsets,
      java.util.Map<String, String> endOffsets, long watermark, long batchTime) {
    writeOffsets(new OffsetRecord(batchId, startOffsets, endOffsets, watermark, batchTime));
  }

  @Override
  public void committed(long batchId, QueryState after, long outputRows) {
    commit(batchId, after, outputRows);
  }

  /** Writes the write-ahead record of a batch, before it runs. */
  public void writeOffsets(OffsetRecord record) {
    write(OFFSETS + "/" + record.batch(), OffsetRecord.KIND, OffsetRecord.VERSION, record::writeTo);
  }

  /**
   * Commits batch {@code batch}: writes each operator's state after it (an operator whose state
   * did not change keeps its last file), then the commit record, the commit point. Then drops
   * records and state files older than the batches retained.
   */
  public CommitRecord commit(long batch, QueryState after, long outputRows) {
    writing.lock();
    try {
      return commitLocked(batch, after, outputRows);
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Cannot write the state of batch " + batch + " to checkpoint "
          + fs.describe("") + ": " + e.getMessage(), e);
    } finally {
      writing.unlock();
    }
  }

  private CommitRecord commitLocked(long batch, QueryState after, long outputRows) throws IOException {
    List<CommitRecord.StateFile> files = new ArrayList<>();
    List<QueryState.Operator> operators = after.operators();
    chains.expect(operators.size());
    // every state file of the batch is written first, then all are flushed together: one wait for
    // the disk per commit (besides its record) rather than two per state file
    try (CheckpointFiles.Together stateFiles = new CheckpointFiles.Together(fs)) {
      for (int i = 0; i < operators.size(); i++) {
        files.add(chains.write(i, operators.get(i), batch, attempt, stateFiles));
      }
      stateFiles.force();
    }
    long firstRetained = Math.max(firstKept, batch - retain + 1);
    CommitRecord record = new CommitRecord(batch, after.offsets(), after.maxEventTimes(), after.watermark(),
        after.nextStateDeadline(), after.nextExpiry(), files, outputRows, System.currentTimeMillis(), firstRetained);
    write(COMMITS + "/" + batch, CommitRecord.KIND, CommitRecord.VERSION, record::writeTo);
    chains.listed(files);
    lastCommitted = batch;
    firstKept = firstRetained;
    if (batch % Math.max(1, Math.min(retain, 10)) == 0) {
      writer().execute(() -> purge(batch));
    }
    return record;
  }

  /** Bytes of every file written to the checkpoint through this object (records, state files, chunks). */
  @Override
  public long bytesWritten() {
    return fs.bytesWritten();
  }

  /**
   * The first batch that {@code sluice replay} can run again after the last commit: replay needs
   * the batch's write-ahead record and the commit of the batch before it (none for batch 0), and
   * the checkpoint keeps the records of the last {@code pipeline.checkpoint-retain} batches.
   */
  @Override
  public long firstReplayableBatch() {
    return firstKept == 0 ? 0 : firstKept + 1;
  }

  /** State bytes (chunks) this process wrote to the checkpoint. */
  public long stateBytesWritten() {
    return states.bytesWritten();
  }

  /**
   * Deletes the records of batches before the last {@code retain} and the state files no retained
   * commit lists. Files are deleted oldest first and commits before their state, so a crash in
   * between leaves a checkpoint that still recovers.
   */
  void purge(long lastBatch) {
    long keepFrom = lastBatch - retain + 1;
    writing.lock();
    try {
      if (closed) {
        return;
      }
      for (long b : batchNumbers(COMMITS).headSet(keepFrom)) {
        fs.delete(COMMITS + "/" + b);
      }
      for (long b : batchNumbers(OFFSETS).headSet(keepFrom)) {
        fs.delete(OFFSETS + "/" + b);
      }
      // snapshots written in the background that no commit lists yet are kept (this thread wrote them)
      java.util.Set<String> live = new java.util.HashSet<>();
      for (String snapshot : chains.unlisted()) {
        if (fs.exists(snapshot)) {
          live.add(snapshot);
        }
      }
      java.util.Set<String> liveDeltas = new java.util.HashSet<>();
      for (long b : batchNumbers(COMMITS)) {
        for (CommitRecord.StateFile f : readCommit(b).stateFiles()) {
          live.add(f.path());
          liveDeltas.addAll(f.deltas());
        }
      }
      for (String operator : fs.list(STATE)) {
        if (StateStore.CHUNKS.equals(STATE + "/" + operator)) {
          continue;
        }
        for (String name : fs.list(STATE + "/" + operator)) {
          String path = STATE + "/" + operator + "/" + name;
          int dash = name.indexOf('-');
          long written = dash > 0 && !CheckpointFiles.isTemporary(name) ? parseOr(name.substring(0, dash), -1) : -1;
          // a state file of a batch not committed yet is never older than keepFrom
          if (!live.contains(path) && !liveDeltas.contains(path) && written >= 0 && written < keepFrom) {
            fs.delete(path);
          }
        }
      }
      states.collect(live);
    } catch (IOException | RuntimeException e) {
      // housekeeping: the next purge tries again, and recovery ignores what is left over
    } finally {
      writing.unlock();
    }
  }

  private static long parseOr(String s, long otherwise) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  /** The last batch committed through this object or found committed by {@link #recover}; -1 for none. */
  public long lastCommitted() {
    return lastCommitted;
  }

  private interface Writer {
    void writeTo(DataOutputStream out) throws IOException;
  }

  private void write(String path, String kind, int version, Writer writer) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writer.writeTo(out);
    } catch (IOException e) {
      throw new IllegalStateException(e); // in memory
    }
    writeRaw(path, CheckpointFiles.encode(kind, version, bytes.toByteArray()));
  }

  private void writeRaw(String path, byte[] bytes) {
    try {
      CheckpointFiles.write(fs, path, bytes);
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Cannot write checkpoint file " + fs.describe(path) + ": "
          + e.getMessage(), e);
    }
  }

  private interface Parser<T> {
    T read(DataInputStream in) throws IOException;
  }

  private <T> T parse(String path, CheckpointFiles.Payload payload, Parser<T> parser) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload.bytes()))) {
      T value = parser.read(in);
      if (in.available() > 0) {
        throw CheckpointFiles.corrupt(fs.describe(path), "has " + in.available() + " bytes after its record");
      }
      return value;
    } catch (IOException e) {
      throw CheckpointFiles.corrupt(fs.describe(path), "does not hold a valid record (" + e.getMessage() + ")");
    }
  }

  private TreeSet<Long> batchNumbers(String folder) {
    try {
      return batchNumbers(fs, folder);
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Cannot list checkpoint folder " + fs.describe(folder) + ": "
          + e.getMessage(), e);
    }
  }

  private static TreeSet<Long> batchNumbers(CheckpointFileSystem fs, String folder) throws IOException {
    TreeSet<Long> numbers = new TreeSet<>();
    for (String name : fs.list(folder)) {
      if (CheckpointFiles.isTemporary(name)) {
        continue; // a write that did not finish
      }
      long n = parseOr(name, -1);
      if (n < 0 || !name.equals(Long.toString(n))) {
        throw CheckpointFiles.corrupt(fs.describe(folder + "/" + name), "does not belong in " + folder + "/, which"
            + " holds files named by batch number");
      }
      numbers.add(n);
    }
    return numbers;
  }

  private static void closeQuietly(CheckpointFileSystem fs) {
    try {
      fs.close();
    } catch (IOException ignored) {
      // already failing
    }
  }

  /** Waits for the writer thread (snapshots on their way, the cleaner), then releases the lock. */
  @Override
  public void close() {
    java.util.concurrent.ExecutorService cleaner;
    synchronized (this) {
      cleaner = this.cleaner;
    }
    if (cleaner != null) {
      cleaner.shutdown();
      try {
        if (!cleaner.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES)) {
          // a snapshot still on its way is listed by no commit: stop it before the lock goes
          cleaner.shutdownNow();
          cleaner.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        cleaner.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    writing.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      closeQuietly(fs);
    } finally {
      writing.unlock();
    }
  }
}
