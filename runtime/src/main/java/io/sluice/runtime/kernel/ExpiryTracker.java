package io.sluice.runtime.kernel;

import io.sluice.runtime.state.StateIO;
import io.sluice.runtime.state.StatePart;
import java.util.Arrays;

/**
 * State time-to-live for keyed state: the processing time each key (a dense id, as {@link
 * KeyTable} hands out) was last touched, and which keys have not been touched for the
 * time-to-live. A sweep splits the ids into those that expired and those that live on, and
 * renumbers the live ones {@code 0, 1, 2, ...} in their order; the operator then drops the
 * expired keys' state and renumbers its own arrays the same way.
 *
 * <p>A key expires once {@code ttl} milliseconds have passed since it was last touched. Sweeps
 * run only when the oldest touch may have expired, so between them touching costs one array
 * write per key.
 */
public final class ExpiryTracker implements StatePart {
  /** Which keys may expire now; a key that cannot (rows still waiting on the watermark) is touched again. */
  @FunctionalInterface
  public interface Expirable {
    boolean canExpire(int id);
  }

  private final long ttlMillis;
  private long[] touched = new long[16];
  private int size;
  /** No tracked key was touched before this (a lower bound: later touches only raise the times). */
  private long oldest = Long.MAX_VALUE;
  private int[] live = new int[0];
  private int liveCount;
  private int[] dead = new int[0];
  private int deadCount;

  public ExpiryTracker(long ttlMillis) {
    if (ttlMillis <= 0) {
      throw new IllegalArgumentException("time-to-live must be positive: " + ttlMillis);
    }
    this.ttlMillis = ttlMillis;
  }

  /** Writes the last-touched times for a snapshot. */
  public void writeTo(java.io.DataOutput out) throws java.io.IOException {
    out.writeInt(size);
    StateIO.writeArray(out, touched, size);
    out.writeLong(oldest);
  }

  /** Replaces the last-touched times with those written by {@link #writeTo}. */
  public void readFrom(java.io.DataInput in) throws java.io.IOException {
    int count = in.readInt();
    Object times = StateIO.readArray(in, 16);
    if (!(times instanceof long[]) || ((long[]) times).length < count) {
      throw StateIO.corrupt("expiry times that are not " + count + " longs");
    }
    touched = (long[]) times;
    size = count;
    oldest = in.readLong();
  }

  /**
   * Writes the times of keys {@code ids} (a state delta's touched keys, all tracked) with the
   * number of keys tracked and the lower bound of the times.
   */
  public void writeDelta(java.io.DataOutput out, int[] ids) throws java.io.IOException {
    out.writeInt(size);
    StateIO.writeGathered(out, touched, ids, ids.length);
    out.writeLong(oldest);
  }

  /** Applies a delta written by {@link #writeDelta} for the same {@code ids}. */
  public void applyDelta(java.io.DataInput in, int[] ids) throws java.io.IOException {
    int count = in.readInt();
    if (count < 0 || (ids.length > 0 && ids[ids.length - 1] >= count)) {
      throw StateIO.corrupt("expiry times of " + count + " keys for " + ids.length + " touched");
    }
    if (touched.length < count) {
      touched = Arrays.copyOf(touched, count);
    }
    StateIO.readScattered(in, touched, ids, ids.length);
    size = count;
    oldest = in.readLong();
  }

  public long ttlMillis() {
    return ttlMillis;
  }

  /** Records that key {@code id} was touched at processing time {@code now}; a new id starts being tracked. */
  public void touch(int id, long now) {
    if (id >= size) {
      if (id >= touched.length) {
        touched = Arrays.copyOf(touched, Math.max(id + 1, touched.length * 2));
      }
      Arrays.fill(touched, size, id, now);
      size = id + 1;
    }
    touched[id] = now;
    if (now < oldest) {
      oldest = now;
    }
  }

  /** Touches keys {@code ids[0 .. count)}. */
  public void touch(int[] ids, int count, long now) {
    for (int i = 0; i < count; i++) {
      touch(ids[i], now);
    }
  }

  /** Keys tracked. */
  public int size() {
    return size;
  }

  /** Whether some key may have expired at {@code now}: a {@link #sweep} is worth running. */
  public boolean due(long now) {
    return size > 0 && now - oldest >= ttlMillis;
  }

  /** The processing time at which the next key may expire, or {@link Long#MAX_VALUE} with none tracked. */
  public long nextExpiry() {
    return size == 0 || oldest == Long.MAX_VALUE ? Long.MAX_VALUE : oldest + ttlMillis;
  }

  /**
   * Splits the tracked ids into expired ({@link #dead}) and live ones ({@link #live}), both
   * ascending, and renumbers the live ones: afterwards id {@code live()[i]} is tracked as id
   * {@code i}. Returns the number of expired ids.
   */
  public int sweep(long now, Expirable expirable) {
    live = Vectors.grow(live, size);
    dead = Vectors.grow(dead, size);
    liveCount = 0;
    deadCount = 0;
    long newOldest = Long.MAX_VALUE;
    for (int id = 0; id < size; id++) {
      long t = touched[id];
      if (now - t >= ttlMillis) {
        if (expirable.canExpire(id)) {
          dead[deadCount++] = id;
          continue;
        }
        t = now;
      }
      touched[liveCount] = t;
      live[liveCount++] = id;
      newOldest = Math.min(newOldest, t);
    }
    size = liveCount;
    oldest = newOldest;
    return deadCount;
  }

  /**
   * Keeps tracking only ids {@code ids[0 .. count)} (ascending), renumbered: id {@code ids[i]}
   * becomes {@code i}, as when an operator drops keys for a reason of its own.
   */
  public void retain(int[] ids, int count) {
    long newOldest = Long.MAX_VALUE;
    int kept = 0;
    for (int i = 0; i < count; i++) {
      if (ids[i] < size) {
        touched[kept] = touched[ids[i]];
        newOldest = Math.min(newOldest, touched[kept]);
        kept++;
      }
    }
    size = kept;
    oldest = newOldest;
  }

  /** The ids the last sweep kept, ascending, in {@code [0, liveCount())}. */
  public int[] live() {
    return live;
  }

  public int liveCount() {
    return liveCount;
  }

  /** The ids the last sweep expired, ascending, in {@code [0, deadCount())}. */
  public int[] dead() {
    return dead;
  }

  public int deadCount() {
    return deadCount;
  }

  /** Bytes the touch times take. */
  public long estimatedBytes() {
    return 8L * touched.length;
  }
}
