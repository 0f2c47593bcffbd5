package io.sluice.runtime.state.backend;

/**
 * An embedded on-disk map of byte keys to byte values that keyed state moves its cold entries to
 * ({@code pipeline.state.backend = 'disk'}). Calls pass reused buffers with a length, so a caller
 * allocates nothing per entry. A store belongs to one operator of one running query: it holds no
 * state a checkpoint needs (checkpoints keep their own format), so it is not made durable, and
 * {@link #close} deletes it.
 */
public interface KeyValueStore extends AutoCloseable {
  /**
   * Copies the value of {@code key[0 .. keyLength)} into {@code value} (as much as fits) and
   * returns its whole length, or -1 when the key is absent. A caller whose buffer was too short
   * grows it to the length returned and asks again.
   */
  int get(byte[] key, int keyLength, byte[] value);

  /** Sets the value of {@code key[0 .. keyLength)} to {@code value[0 .. valueLength)}. */
  void put(byte[] key, int keyLength, byte[] value, int valueLength);

  /** Removes the key {@code key[0 .. keyLength)}, if present. */
  void delete(byte[] key, int keyLength);

  /**
   * Hands every entry with a key from {@code from} (inclusive) to {@code to} (exclusive), keys
   * compared as unsigned bytes, to {@code visitor} in key order: the rows of one join key, or a
   * whole state in the order a snapshot writes it. The arrays passed are valid only during the call.
   */
  void scan(byte[] from, byte[] to, EntryVisitor visitor);

  /**
   * Hands the first entry with a key from {@code from} (inclusive) to {@code to} (exclusive) to
   * {@code visitor}, if there is one, and returns whether there was: the earliest of a range kept
   * in time order (the next row an interval join releases). Stores that can stop a scan early
   * override this; the default scans the whole range.
   */
  default boolean first(byte[] from, byte[] to, EntryVisitor visitor) {
    boolean[] found = {false};
    scan(from, to, (key, value) -> {
      if (!found[0]) {
        found[0] = true;
        visitor.visit(key, value);
      }
    });
    return found[0];
  }

  /**
   * Scans ranges {@code [from[i], to[i])} for {@code i < count} as {@link #scan} scans each,
   * handing every entry to {@code visitor} with the index of its range: the rows of the many join
   * keys a batch brings back to its cache. A visitor may delete the entries it is handed (or other
   * keys of its range), never put. Stores that can read many ranges through one cursor override
   * this (RocksDB: one iterator sought per range, where opening an iterator per range cost more
   * than the seek); the default scans each.
   */
  default void scanEach(byte[][] from, byte[][] to, int count, RangeVisitor visitor) {
    for (int i = 0; i < count; i++) {
      int range = i;
      scan(from[i], to[i], (key, value) -> visitor.visit(range, key, value));
    }
  }

  /** What {@link #scanEach} hands each entry to, with the index of its range. */
  @FunctionalInterface
  interface RangeVisitor {
    void visit(int range, byte[] key, byte[] value);
  }

  /** What {@link #scan} hands each entry to. */
  @FunctionalInterface
  interface EntryVisitor {
    void visit(byte[] key, byte[] value);
  }

  /**
   * Removes every key from {@code from} (inclusive) to {@code to} (exclusive), keys compared as
   * unsigned bytes: a part of the state that ended (a closed window) leaves the store at once.
   */
  void deleteRange(byte[] from, byte[] to);

  /** Bytes the store takes on disk now (an estimate). */
  long diskBytes();

  /** Releases the store and deletes its files. */
  @Override
  void close();
}
