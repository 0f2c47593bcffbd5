package io.sluice.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.SluiceException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * State files share the chunks of earlier ones: a batch writes about what changed. A state written
 * whole (a snapshot written in the background) holds its bytes itself.
 */
class StateStoreTest {
  private static byte[] randomState(Random random, int size) {
    byte[] state = new byte[size];
    random.nextBytes(state);
    return state;
  }

  @Test
  void aStateThatChangedInAFewPlacesWritesOnlyTheChunksAroundThem() throws Exception {
    Random random = new Random(7);
    MemoryCheckpointFileSystem fs = new MemoryCheckpointFileSystem();
    StateStore store = new StateStore(fs);
    byte[] first = randomState(random, 32 << 20);
    store.write("state/1-op/0-a", first);
    long full = store.bytesWritten();
    assertEquals(first.length, full);

    // three values changed in place, 10 KB inserted in the middle, 5 KB appended
    byte[] second = new byte[first.length + 15_000];
    System.arraycopy(first, 0, second, 0, 4_000_000);
    byte[] inserted = randomState(random, 10_000);
    System.arraycopy(inserted, 0, second, 4_000_000, 10_000);
    System.arraycopy(first, 4_000_000, second, 4_010_000, first.length - 4_000_000);
    System.arraycopy(randomState(random, 5_000), 0, second, first.length + 10_000, 5_000);
    for (int at : new int[] {1_000_000, 6_000_000, 7_000_000}) {
      second[at] ^= 1;
    }
    store.write("state/1-op/1-a", second);
    long written = store.bytesWritten() - full;
    assertTrue(written < second.length / 8, "wrote " + written + " bytes of a state of " + second.length);

    StateStore reader = new StateStore(fs);
    assertArrayEquals(first, reader.read("state/1-op/0-a"));
    assertArrayEquals(second, reader.read("state/1-op/1-a"));
  }

  @Test
  void aStateReadFromAStreamIsCutAndStoredAsTheSameArrayIs() throws Exception {
    Random random = new Random(3);
    byte[] state = randomState(random, 3_000_001);
    MemoryCheckpointFileSystem fromArray = new MemoryCheckpointFileSystem();
    new StateStore(fromArray).write("state/1-op/0-a", state);
    MemoryCheckpointFileSystem fromStream = new MemoryCheckpointFileSystem();
    // a stream that hands out a few bytes per read, as a file read in pieces may
    java.io.InputStream trickle = new java.io.ByteArrayInputStream(state) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1 + random.nextInt(70_000)));
      }
    };
    new StateStore(fromStream).write("state/1-op/0-a", trickle, state.length);
    assertEquals(fromArray.list(StateStore.CHUNKS), fromStream.list(StateStore.CHUNKS), "the same chunks");
    assertArrayEquals(fromArray.read("state/1-op/0-a"), fromStream.read("state/1-op/0-a"), "the same state file");
    assertArrayEquals(state, new StateStore(fromStream).read("state/1-op/0-a"));
    assertThrows(java.io.IOException.class, () -> new StateStore(new MemoryCheckpointFileSystem())
        .write("state/1-op/0-a", new java.io.ByteArrayInputStream(state), state.length + 1L));
  }

  @Test
  void chunksNoRetainedStateListsAreCollectedAndAMissingOrWrongChunkIsRefused() throws Exception {
    Random random = new Random(11);
    MemoryCheckpointFileSystem fs = new MemoryCheckpointFileSystem();
    StateStore store = new StateStore(fs);
    byte[] old = randomState(random, 2_000_000);
    byte[] current = randomState(random, 2_000_000);
    store.write("state/1-op/0-a", old);
    store.write("state/1-op/1-a", current);
    int before = fs.list(StateStore.CHUNKS).size();
    store.collect(List.of("state/1-op/1-a"));
    int after = fs.list(StateStore.CHUNKS).size();
    assertTrue(after < before && after > 0, before + " -> " + after);
    assertArrayEquals(current, new StateStore(fs).read("state/1-op/1-a"));

    String chunk = fs.list(StateStore.CHUNKS).get(0);
    fs.overwrite(StateStore.CHUNKS + "/" + chunk, CheckpointFiles.encode(StateStore.CHUNK_KIND, 1, new byte[] {1, 2}));
    SluiceException e = assertThrows(SluiceException.class, () -> new StateStore(fs).read("state/1-op/1-a"));
    assertTrue(e.getMessage().contains("mem:/state/chunks/" + chunk + " does not hold the chunk its name"),
        e.getMessage());
    fs.delete(StateStore.CHUNKS + "/" + chunk);
    e = assertThrows(SluiceException.class, () -> new StateStore(fs).read("state/1-op/1-a"));
    assertTrue(e.getMessage().contains("mem:/state/chunks/" + chunk + " is missing"), e.getMessage());
  }

  @Test
  void aStateWrittenWholeHoldsItsBytesListsNoChunksAndKeepsNoneFromCollection() throws Exception {
    Random random = new Random(5);
    MemoryCheckpointFileSystem fs = new MemoryCheckpointFileSystem();
    StateStore store = new StateStore(fs);
    byte[] chunked = randomState(random, 1_000_000);
    byte[] whole = randomState(random, 3_000_001);
    store.write("state/1-op/0-a", chunked);
    store.writeWhole("state/1-op/1-a", new java.io.ByteArrayInputStream(whole), whole.length);
    assertEquals(chunked.length, store.bytesWritten(), "no chunk written for the whole state");
    assertEquals(StateStore.WHOLE_VERSION,
        CheckpointFiles.read(fs, "state/1-op/1-a", StateStore.KIND, StateStore.VERSION).version());
    assertArrayEquals(whole, new StateStore(fs).read("state/1-op/1-a"));

    StateStore restarted = new StateStore(fs); // knows the state files only by reading them
    restarted.collect(List.of("state/1-op/1-a"));
    assertEquals(List.of(), fs.list(StateStore.CHUNKS), "the chunks only the older state listed are gone");
    assertArrayEquals(whole, new StateStore(fs).read("state/1-op/1-a"));
    assertThrows(java.io.IOException.class, () -> store.writeWhole("state/1-op/2-a",
        new java.io.ByteArrayInputStream(whole), whole.length + 1L));
  }
}
