package io.sluice.benchmarks;

import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.LongVector;
import io.sluice.engine.state.RocksDbStateBackend;
import io.sluice.runtime.kernel.KeyTable;
import io.sluice.runtime.state.backend.KeyValueStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One key's access to keyed state on the disk backend (RocksDB through {@link KeyValueStore}) and
 * on the heap ({@link KeyTable}, what the heap backend looks groups up in), with keys and values
 * the size of a Nexmark q4 group: the key (auction id, category) as the disk backend encodes it
 * (a prefix byte and two nullable BIGINTs, 19 bytes), the value a global id and the group's
 * slots (MAX(price) and a count, 20 bytes). {@value #KEYS} keys in the state, about q4's auctions
 * over 10 M events. Score is nanoseconds per key.
 *
 * <ul>
 *   <li>{@code get}: a key present, in random order (a batch reading back the groups it touches);
 *   <li>{@code getAbsent}: a key never written (a new group: the bloom filter's case);
 *   <li>{@code put}: overwrite a key present (a cache written out);
 *   <li>{@code iterate}: every key by global id, in order (a full snapshot streamed from disk).
 * </ul>
 * The heap side finds the same keys in a {@link KeyTable} a batch of {@value #BATCH} at a time
 * (as the aggregator does), and iterates by reading the table's key columns in id order.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class StateStoreBenchmark {
  static final int KEYS = 600_000;
  static final int BATCH = 1024;
  private static final int KEY_BYTES = 19;
  private static final int VALUE_BYTES = 20;

  private Path folder;
  private RocksDbStateBackend backend;
  private KeyValueStore store;
  private KeyTable table;
  private final byte[] key = new byte[KEY_BYTES];
  private final byte[] value = new byte[VALUE_BYTES];
  private final byte[] idKey = new byte[5];
  private int[] order;
  /** Batches of random keys the heap side cycles through, so they do not stay in the CPU's caches. */
  private static final int HEAP_BATCHES = 64;
  private final Batch[] present = new Batch[HEAP_BATCHES];
  private final Batch[] absent = new Batch[HEAP_BATCHES];
  private final int[] keyColumns = {0, 1};
  private int next;
  private int nextBatch;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    folder = Files.createTempDirectory("sluice-store-benchmark");
    backend = new RocksDbStateBackend(folder, 1L << 30);
    store = backend.open("bench");
    table = new KeyTable(List.of(BenchmarkData.BIGINT, BenchmarkData.BIGINT));
    Batch all = Batch.allocate(List.of(BenchmarkData.BIGINT, BenchmarkData.BIGINT), BATCH);
    for (int from = 0; from < KEYS; from += BATCH) {
      int n = Math.min(BATCH, KEYS - from);
      for (int i = 0; i < n; i++) {
        int id = from + i;
        encode(id);
        store.put(key, KEY_BYTES, value, VALUE_BYTES);
        store.put(idKey(id), idKey.length, key, KEY_BYTES);
        set(all, i, id);
      }
      all.size = n;
      table.groupIdsFor(all, keyColumns);
    }
    order = new int[KEYS];
    Random random = new Random(42);
    for (int i = 0; i < KEYS; i++) {
      order[i] = random.nextInt(KEYS);
    }
    for (int b = 0; b < HEAP_BATCHES; b++) {
      present[b] = Batch.allocate(List.of(BenchmarkData.BIGINT, BenchmarkData.BIGINT), BATCH);
      absent[b] = Batch.allocate(List.of(BenchmarkData.BIGINT, BenchmarkData.BIGINT), BATCH);
      for (int i = 0; i < BATCH; i++) {
        set(present[b], i, order[b * BATCH + i]);
        set(absent[b], i, KEYS + order[b * BATCH + i]);
      }
      present[b].size = BATCH;
      absent[b].size = BATCH;
    }
  }

  private int nextBatch() {
    nextBatch = (nextBatch + 1) % HEAP_BATCHES;
    return nextBatch;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    backend.close();
    Files.deleteIfExists(folder);
  }

  /** Auction {@code id}, category {@code id % 5}: Nexmark's q4 key. */
  private static void set(Batch batch, int row, long id) {
    ((LongVector) batch.columns[0]).values[row] = 1000 + id;
    ((LongVector) batch.columns[1]).values[row] = 10 + id % 5;
  }

  /** Writes the store key of auction {@code id} into {@link #key}, as {@code GroupKeyCodec} lays it out. */
  private void encode(long id) {
    key[0] = 'k';
    key[1] = 0;
    putLong(key, 2, 1000 + id);
    key[10] = 0;
    putLong(key, 11, 10 + id % 5);
    putLong(value, 0, id);
  }

  private byte[] idKey(int id) {
    idKey[0] = 'g';
    idKey[1] = (byte) (id >>> 24);
    idKey[2] = (byte) (id >>> 16);
    idKey[3] = (byte) (id >>> 8);
    idKey[4] = (byte) id;
    return idKey;
  }

  private static void putLong(byte[] bytes, int at, long v) {
    for (int i = 7; i >= 0; i--) {
      bytes[at + i] = (byte) v;
      v >>>= 8;
    }
  }

  private int nextKey() {
    int id = order[next];
    next = next + 1 == KEYS ? 0 : next + 1;
    return id;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long diskGet() {
    long found = 0;
    for (int i = 0; i < BATCH; i++) {
      encode(nextKey());
      found += store.get(key, KEY_BYTES, value);
    }
    return found;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long diskGetAbsent() {
    long found = 0;
    for (int i = 0; i < BATCH; i++) {
      encode(KEYS + nextKey());
      found += store.get(key, KEY_BYTES, value);
    }
    return found;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void diskPut() {
    for (int i = 0; i < BATCH; i++) {
      encode(nextKey());
      store.put(key, KEY_BYTES, value, VALUE_BYTES);
    }
  }

  @Benchmark
  @OperationsPerInvocation(KEYS)
  public long diskIterate() {
    long sum = 0;
    for (int id = 0; id < KEYS; id++) {
      sum += store.get(idKey(id), idKey.length, key);
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int heapGet() {
    return table.find(present[nextBatch()], keyColumns)[BATCH - 1];
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int heapGetAbsent() {
    return table.find(absent[nextBatch()], keyColumns)[BATCH - 1];
  }

  @Benchmark
  @OperationsPerInvocation(KEYS)
  public long heapIterate() {
    long[] auctions = table.keys().longs(0);
    long[] categories = table.keys().longs(1);
    long sum = 0;
    for (int id = 0; id < KEYS; id++) {
      sum += auctions[id] ^ categories[id];
    }
    return sum;
  }
}
