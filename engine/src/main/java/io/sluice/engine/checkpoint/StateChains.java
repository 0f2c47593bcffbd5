package io.sluice.engine.checkpoint;

import io.sluice.engine.stream.QueryState;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * Changelog checkpoints: the files each stateful operator's state is made of in a checkpoint, its
 * last full snapshot ({@link StateStore}, {@code state/OP/N-ATTEMPT}) and the deltas written
 * after it ({@code state/OP/N-ATTEMPT.delta}, one file per batch, checksummed as every checkpoint
 * file is), and when a new full snapshot is due: every {@code snapshotInterval} batches, or
 * sooner once the deltas since the last one add up to more than the state itself would take as a
 * snapshot now (and 256 KiB), so that a restore reads at most about twice the state.
 *
 * <p>The deltas are weighed against the state as it is now, not against the last snapshot: a
 * state that keeps growing writes deltas about as large as it grew, which would soon outweigh a
 * share of the old, smaller snapshot and force a full one nearly every other batch.
 *
 * <p>A snapshot that is due is written in the background where the operator gave one with its
 * delta ({@link QueryState.Operator#snapshotLater}): the batch commits its delta on the chain it
 * has, the snapshot goes to the checkpoint's writer thread, whole ({@link StateStore#writeWhole}:
 * the deltas already carry what changed, and cutting and hashing it cost more CPU than writing
 * it), and the first commit after it is durable (state file flushed) stands on it and the deltas
 * written since. Until then no
 * other snapshot of the operator is due; a crash before then restores from the chain the last
 * commit lists, and what the unfinished snapshot wrote is left over for the cleaner.
 */
final class StateChains {
  static final String DELTA_KIND = "state-delta";
  static final int DELTA_VERSION = 1;
  static final String DELTA_SUFFIX = ".delta";
  /** The deltas since a snapshot may add up to this share of the state now before the next batch takes a snapshot. */
  static final double DELTA_SHARE = 1.0;
  /** ... unless they are smaller than this: reading them costs nothing worth a snapshot. */
  static final long DELTA_BYTES_ALWAYS_KEPT = 256 << 10;
  /** Batches per full snapshot unless set ({@code pipeline.checkpoint.snapshot-interval}). */
  static final int DEFAULT_SNAPSHOT_INTERVAL = 10;
  /**
   * A delta at least this share of the state as a snapshot then means the state turns over: its
   * next batches write full snapshots, whole, instead of deltas. With deltas of a share r of the
   * state, the rule above takes a snapshot besides about every 1/r + 1 batches, so a batch costs
   * about r + r / (1 + r) of a snapshot; from r = 0.62 on that is more than a snapshot alone, which
   * a restore also reads faster (one file instead of a chain). Only for deltas past {@link
   * #DELTA_BYTES_ALWAYS_KEPT}.
   */
  static final double TURNOVER_SHARE = 0.62;
  /** Batches written whole for a state that turns over before a delta measures its turnover again. */
  static final int TURNOVER_BATCHES = 8;

  private final CheckpointFileSystem fs;
  private final StateStore store;
  private final List<Chain> chains = new ArrayList<>();
  /** Per operator: whether its state turns over (its full snapshots are written in the batch, whole). */
  private final List<Turnover> turnovers = new ArrayList<>();
  private int snapshotInterval = DEFAULT_SNAPSHOT_INTERVAL;
  /** Where snapshots are written in the background (one thread, shared with the cleaner), or null: never. */
  private java.util.concurrent.Executor background;
  /**
   * Snapshots written (or being written) in the background that no commit lists yet: the cleaner
   * keeps their files. Read by the cleaner's thread.
   */
  private final java.util.Set<String> unlisted = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** A snapshot written in the background, and the deltas committed after its batch meanwhile. */
  private static final class Pending {
    final String snapshot;
    final List<String> deltasAfter = new ArrayList<>();
    long deltaBytesAfter;
    /** Set by the writer: the snapshot's length and checksum, or why it failed. */
    volatile boolean finished;
    volatile long bytes;
    volatile long checksum;
    volatile Throwable failure;

    Pending(String snapshot) {
      this.snapshot = snapshot;
    }
  }

  /**
   * How much of an operator's state its last delta rewrote, and how many batches it has been
   * written whole since then: a state whose deltas rewrite most of it (a join whose rows all
   * leave within a batch or two) writes full snapshots, whole, instead of deltas plus a snapshot
   * besides every other batch; every {@link #TURNOVER_BATCHES} batches a delta measures again.
   */
  private static final class Turnover {
    /** What a full snapshot was estimated at when the operator was last asked ({@link #fullSnapshotDue}). */
    long snapshotBytes;
    boolean turnsOver;
    int wholeSince;

    boolean active() {
      return turnsOver && wholeSince < TURNOVER_BATCHES;
    }

    void measured(long deltaBytes) {
      // a small state's deltas cost nothing worth a change (as DELTA_BYTES_ALWAYS_KEPT for the rule above)
      turnsOver = deltaBytes > DELTA_BYTES_ALWAYS_KEPT && deltaBytes >= TURNOVER_SHARE * snapshotBytes;
      wholeSince = 0;
    }
  }

  /** One operator's files: a snapshot and the deltas after it. */
  private static final class Chain {
    final String snapshot;
    final long snapshotBytes;
    final long snapshotChecksum;
    final List<String> deltas = new ArrayList<>();
    long deltaBytes;
    /** A newer snapshot on its way in the background, or null. */
    Pending pending;

    Chain(String snapshot, long snapshotBytes, long snapshotChecksum) {
      this.snapshot = snapshot;
      this.snapshotBytes = snapshotBytes;
      this.snapshotChecksum = snapshotChecksum;
    }
  }

  StateChains(CheckpointFileSystem fs, StateStore store) {
    this.fs = fs;
    this.store = store;
  }

  /** Writes due snapshots that come with a delta on {@code executor}, in the background; null: never. */
  void background(java.util.concurrent.Executor executor) {
    this.background = executor;
  }

  /** Whether operator {@code i}'s due snapshot may be written in the background (it has a chain to commit a delta on). */
  boolean snapshotInBackground(int i) {
    Chain chain = i < chains.size() ? chains.get(i) : null;
    return background != null && chain != null && chain.pending == null && !turnover(i).active();
  }

  private Turnover turnover(int i) {
    while (turnovers.size() <= i) {
      turnovers.add(new Turnover());
    }
    return turnovers.get(i);
  }

  /** The snapshot files written in the background that no commit lists yet: the cleaner keeps them. */
  java.util.Set<String> unlisted() {
    return unlisted;
  }

  /** Batches per full snapshot, at least 1 (1: a full snapshot every batch, no deltas). */
  void snapshotInterval(int batches) {
    this.snapshotInterval = Math.max(1, batches);
  }

  /**
   * Whether operator {@code i}'s next state must be a full snapshot rather than a delta, with
   * {@code snapshotBytes} about what a full snapshot of its state would take now.
   */
  boolean fullSnapshotDue(int i, long snapshotBytes) {
    Chain chain = i < chains.size() ? chains.get(i) : null;
    if (chain != null && chain.pending != null) {
      return false; // the snapshot on its way serves
    }
    Turnover turnover = turnover(i);
    turnover.snapshotBytes = snapshotBytes;
    return chain == null || turnover.active() || chain.deltas.size() + 1 >= snapshotInterval
        || chain.deltaBytes > DELTA_BYTES_ALWAYS_KEPT && chain.deltaBytes > DELTA_SHARE * snapshotBytes;
  }

  /** Forgets every chain unless there are {@code operators} of them (a query with other operators). */
  void expect(int operators) {
    if (chains.size() != operators) {
      reset(operators);
    }
  }

  /** Forgets every chain: the next state of each of {@code operators} operators is a full snapshot. */
  void reset(int operators) {
    for (Chain chain : chains) {
      if (chain != null && chain.pending != null) {
        unlisted.remove(chain.pending.snapshot);
      }
    }
    chains.clear();
    turnovers.clear();
    for (int i = 0; i < operators; i++) {
      chains.add(null);
    }
  }

  /**
   * Writes operator {@code i}'s state after batch {@code batch}: a full snapshot (kept from an
   * earlier batch when its bytes are the same and no delta followed it) or a delta on the files
   * the operator's last state was made of. Returns what the commit record lists for it. The state
   * files are written with {@code files}, durable once it is forced, before the commit record.
   */
  CommitRecord.StateFile write(int i, QueryState.Operator operator, long batch, String attempt,
      CheckpointFiles.Together files) throws IOException {
    String prefix = Checkpoint.STATE + "/" + (i + 1) + "-" + slug(operator.name()) + "/" + batch + "-" + attempt;
    Chain chain = adoptFinished(i);
    if (operator.deltaOnly()) {
      if (chain == null || (operator.delta() == null) == (operator.deltas().size() != 1)) {
        throw new IllegalStateException("a delta of " + operator.name() + " without a snapshot to apply it to");
      }
      String path = prefix + DELTA_SUFFIX;
      long length;
      if (operator.delta() != null) {
        length = operator.delta().length();
        try (InputStream in = operator.delta().open()) {
          files.write(path, DELTA_KIND, DELTA_VERSION, in, length);
        }
      } else {
        byte[] delta = operator.deltas().get(0);
        length = delta.length;
        files.write(path, CheckpointFiles.encode(DELTA_KIND, DELTA_VERSION, delta));
      }
      turnover(i).measured(length);
      chain.deltas.add(path);
      chain.deltaBytes += length;
      if (chain.pending != null) {
        chain.pending.deltasAfter.add(path);
        chain.pending.deltaBytesAfter += length;
      }
      if (operator.snapshotLater() != null) {
        chain.pending = writeInBackground(prefix, operator.snapshotLater());
      }
    } else if (chain == null || turnover(i).active()) {
      // the first snapshot of a chain, or one of a state that turns over: deltas follow it or it is
      // rewritten next batch, so cutting and hashing it for chunks to share would buy nothing
      CRC32C crc = new CRC32C();
      try (InputStream in = checked(operator.openState(), crc)) {
        store.writeWhole(prefix, in, operator.stateLength(), files);
      }
      turnover(i).wholeSince++;
      chain = replace(i, chain, prefix, operator.stateLength(), crc.getValue() ^ (operator.stateLength() << 32));
    } else {
      long sum = operator.stateFile() == null ? checksum(operator.state()) : checksum(operator);
      if (!chain.deltas.isEmpty() || chain.snapshotChecksum != sum) {
        try (InputStream in = operator.openState()) {
          store.write(prefix, in, operator.stateLength(), files);
        }
        chain = replace(i, chain, prefix, operator.stateLength(), sum);
      }
    }
    return new CommitRecord.StateFile(operator.name(), chain.snapshot, chain.snapshotBytes, chain.deltas);
  }

  /** Makes the snapshot just written operator {@code i}'s chain, with no deltas yet. */
  private Chain replace(int i, Chain chain, String snapshot, long bytes, long checksum) {
    if (chain != null && chain.pending != null) {
      unlisted.remove(chain.pending.snapshot); // this snapshot is newer: the one on its way is left over
    }
    Chain replaced = new Chain(snapshot, bytes, checksum);
    chains.set(i, replaced);
    return replaced;
  }

  /**
   * Operator {@code i}'s chain, on the snapshot written in the background if that is durable now
   * (with the deltas committed since); a snapshot that failed fails the commit, as it would have
   * had it been written in the batch.
   */
  private Chain adoptFinished(int i) throws IOException {
    Chain chain = chains.get(i);
    Pending pending = chain == null ? null : chain.pending;
    if (pending == null || !pending.finished) {
      return chain;
    }
    chain.pending = null;
    if (pending.failure != null) {
      unlisted.remove(pending.snapshot);
      throw new IOException("the snapshot " + pending.snapshot + " written in the background failed: "
          + pending.failure.getMessage(), pending.failure);
    }
    Chain adopted = new Chain(pending.snapshot, pending.bytes, pending.checksum);
    adopted.deltas.addAll(pending.deltasAfter);
    adopted.deltaBytes = pending.deltaBytesAfter;
    chains.set(i, adopted);
    return adopted;
  }

  /** The commit that lists the snapshots written in the background so far is durable: they are no longer left over. */
  void listed(List<CommitRecord.StateFile> files) {
    for (CommitRecord.StateFile file : files) {
      unlisted.remove(file.path());
    }
  }

  /** Writes {@code snapshot} as state file {@code path} on the background thread, then releases its bytes. */
  private Pending writeInBackground(String path, io.sluice.engine.stream.SnapshotSource snapshot) {
    Pending pending = new Pending(path);
    unlisted.add(path);
    try {
      background.execute(() -> {
        try {
          // the checksum is taken as the store reads the bytes, not in a pass of its own over them
          CRC32C crc = new CRC32C();
          try (InputStream in = checked(snapshot.open(), crc)) {
            store.writeWhole(path, in, snapshot.length());
          }
          pending.bytes = snapshot.length();
          pending.checksum = crc.getValue() ^ (snapshot.length() << 32);
        } catch (IOException | RuntimeException | Error e) {
          pending.failure = e;
        } finally {
          snapshot.release();
          pending.finished = true;
        }
      });
    } catch (RuntimeException e) { // the writer was shut down: the query is closing
      snapshot.release();
      pending.failure = e;
      pending.finished = true;
    }
    return pending;
  }

  /**
   * {@code in}, its bytes added to {@code crc} as they are read or transferred: its own transferTo
   * (a snapshot's pages written as they lie) is kept.
   */
  private static InputStream checked(InputStream in, CRC32C crc) {
    return new java.util.zip.CheckedInputStream(in, crc) {
      @Override
      public long transferTo(java.io.OutputStream out) throws IOException {
        return in.transferTo(new ChecksummedOutputStream(out, crc));
      }
    };
  }

  /** Reads and checks the files of operator {@code i}'s state {@code file}, and goes on from them. */
  QueryState.Operator read(int i, CommitRecord.StateFile file) {
    byte[] snapshot = store.read(file.path());
    Chain chain = new Chain(file.path(), snapshot.length, checksum(snapshot));
    List<byte[]> deltas = new ArrayList<>();
    for (String path : file.deltas()) {
      byte[] delta = readDelta(path);
      deltas.add(delta);
      chain.deltas.add(path);
      chain.deltaBytes += delta.length;
    }
    chains.set(i, chain);
    return new QueryState.Operator(file.operator(), snapshot, deltas);
  }

  /** Reads and checks delta file {@code path}. */
  byte[] readDelta(String path) {
    return CheckpointFiles.read(fs, path, DELTA_KIND, DELTA_VERSION).bytes();
  }

  static long checksum(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length);
    return crc.getValue() ^ ((long) bytes.length << 32);
  }

  /** {@link #checksum(byte[])} of a snapshot kept in a file, read in pieces. */
  private static long checksum(QueryState.Operator operator) throws IOException {
    return checksum(operator.stateFile());
  }

  /** {@link #checksum(byte[])} of a snapshot held in pages or a file, read in pieces. */
  private static long checksum(io.sluice.engine.stream.SnapshotSource snapshot) throws IOException {
    CRC32C crc = new CRC32C();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = snapshot.open()) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        crc.update(buffer, 0, n);
      }
    }
    return crc.getValue() ^ (snapshot.length() << 32);
  }

  private static String slug(String name) {
    String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    return s.length() > 40 ? s.substring(0, 40) : s;
  }
}
