package io.sluice.engine.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.runtime.state.backend.KeyValueStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RocksDB store's range reads and deletes, which the disk backend's join rows rely on. */
class RocksDbStoreTest {
  @TempDir
  Path temp;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static void put(KeyValueStore store, String key, String value) {
    store.put(bytes(key), key.length(), bytes(value), value.length());
  }

  private static List<String> scan(KeyValueStore store, String from, String to) {
    List<String> entries = new ArrayList<>();
    store.scan(bytes(from), bytes(to), (key, value) -> entries.add(new String(key, StandardCharsets.ISO_8859_1) + "="
        + new String(value, StandardCharsets.ISO_8859_1)));
    return entries;
  }

  @Test
  void aScanReadsTheKeysOfItsRangeInOrderAndADeleteRemovesOne() {
    try (RocksDbStateBackend backend = new RocksDbStateBackend(temp, 64 << 20)) {
      KeyValueStore store = backend.open("Join");
      put(store, "kb1", "x");
      put(store, "ka2", "y");
      put(store, "ka1", "z");
      put(store, "kc", "w");
      put(store, "ka", "v");
      assertEquals(List.of("ka=v", "ka1=z", "ka2=y"), scan(store, "ka", "kb"));
      store.delete(bytes("ka1"), 3);
      assertEquals(List.of("ka=v", "ka2=y", "kb1=x"), scan(store, "ka", "kc"));
      store.deleteRange(bytes("ka"), bytes("kb"));
      assertEquals(List.of("kb1=x", "kc=w"), scan(store, "k", "l"));
    }
  }

  /**
   * Puts are gathered and written in batches: a read, delete, scan or range delete still sees every
   * put before it, the last put of a key wins, and lengths past one varint byte (128 and more) and
   * batches past the gathering limit come back whole.
   */
  @Test
  void gatheredPutsAreSeenByEveryReadAfterThem() {
    try (RocksDbStateBackend backend = new RocksDbStateBackend(temp, 64 << 20)) {
      KeyValueStore store = backend.open("Groups");
      put(store, "a", "1");
      byte[] value = new byte[16];
      assertEquals(1, store.get(bytes("a"), 1, value));
      assertEquals('1', value[0]);
      put(store, "a", "2");
      put(store, "b", "3");
      assertEquals(List.of("a=2", "b=3"), scan(store, "a", "c"));
      put(store, "c", "4");
      store.delete(bytes("c"), 1);
      assertEquals(-1, store.get(bytes("c"), 1, value));
      put(store, "d", "5");
      store.deleteRange(bytes("a"), bytes("e"));
      assertEquals(List.of(), scan(store, "a", "z"));

      int entries = 3 * RocksDbStore.PENDING_BYTES / 300 + 7; // several batches, the last one partial
      byte[] key = new byte[140];
      byte[] big = new byte[150];
      for (int i = 0; i < entries; i++) {
        fill(key, i);
        fill(big, i * 31);
        store.put(key, 4 + i % 137, big, 1 + i % 150);
      }
      byte[] read = new byte[150];
      for (int i = 0; i < entries; i++) {
        fill(key, i);
        fill(big, i * 31);
        assertEquals(1 + i % 150, store.get(key, 4 + i % 137, read), "entry " + i);
        assertArrayEquals(java.util.Arrays.copyOf(big, 1 + i % 150), java.util.Arrays.copyOf(read, 1 + i % 150));
      }
    }
  }

  /** A key starting with {@code i}'s four bytes (so keys differ), then bytes made from it. */
  private static void fill(byte[] bytes, int i) {
    for (int b = 0; b < bytes.length; b++) {
      bytes[b] = b < 4 ? (byte) (i >>> (8 * b)) : (byte) (i * 7 + b);
    }
  }
}
