package io.sluice.engine.state;

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
}
