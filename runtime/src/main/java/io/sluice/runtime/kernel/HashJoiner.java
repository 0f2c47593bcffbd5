package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Equi-join by hashing one side (the build side) and streaming the other (the probe side)
 * through it; without key columns it is a nested-loop join where every pair is a candidate.
 *
 * <p>Which input is built is independent of the join type: the planner builds the smaller one.
 * Output columns are always the left columns then the right columns (SEMI and ANTI: left only).
 * NULL keys never match. An optional residual {@link JoinCondition} sees every candidate pair
 * (laid out left then right); for outer, SEMI and ANTI joins a row counts as matched only if a
 * candidate with it passed.
 *
 * <p>Life cycle: {@link #build} any number of times, {@link #finishBuild} once, {@link #probe}
 * any number of times, then {@link #finish}, which emits what depends on having seen every probe
 * row (build rows left unmatched by an outer join; SEMI/ANTI results when the left side is built).
 * After {@link #finishBuild} the build rows are stored grouped by key (rows of key id g are
 * {@code keyStart[g] .. keyStart[g + 1])}), so a probe reads the matches of a key sequentially.
 */
public final class HashJoiner implements BuildProbeJoiner {
  /** Which input is hashed. */
  public enum BuildSide { LEFT, RIGHT }

  private static final int CHUNK = Batch.DEFAULT_CAPACITY;
  /**
   * Rows the output batches hold at first; they grow to what a flush needs, up to {@link #CHUNK}.
   * Allocating all {@code CHUNK} rows of every column up front cost a join of 64 small tables
   * (up to 192 columns in 63 joiners) a fifth of its time.
   */
  private static final int FIRST_OUTPUT_ROWS = 64;

  private final JoinKind kind;
  private final List<DataType> leftTypes;
  private final List<DataType> rightTypes;
  private final boolean buildLeft;
  private final int[] buildKeys;
  private final int[] probeKeys;
  private final JoinCondition residual;
  private final List<DataType> outputTypes;

  /** Whether every probe row needs a matched flag (outer join of the probe side, SEMI/ANTI probing left). */
  private final boolean trackProbe;
  /** Whether every build row needs a matched flag. */
  private final boolean trackBuild;
  /** Whether joined pairs are output (not SEMI/ANTI). */
  private final boolean emitPairs;
  /** Whether candidate pairs are formed at all: SEMI/ANTI without residual decide by key alone. */
  private final boolean needPairs;

  private ColumnarRows store;
  private final KeyTable keyTable;
  private int[] rowKey = new int[64];
  private boolean built;
  private int keyCount;
  private int[] keyStart;
  private boolean[] buildMatched;
  private boolean[] keyMatched;

  private final int buildOffset;
  private final int probeOffset;
  private final Batch candidates;
  private final Batch output;
  private final int[] pairProbe = new int[CHUNK];
  /** The changelog kind of each pair's probe row, when the probe side is a changelog; allocated on first use. */
  private byte[] pairKinds;
  private final int[] pairPosition = new int[CHUNK];
  private final int[] pairBuild = new int[CHUNK];
  private final int[] passing = new int[CHUNK];
  private boolean[] probeMatched = new boolean[0];
  private int[] noKeyIds = new int[0];
  private int[] scratchRows = new int[0];

  /**
   * @param leftKeys left columns of the equi-condition, pairwise equal to {@code rightKeys}
   * @param residual condition on candidate pairs beyond key equality, or null
   */
  public HashJoiner(JoinKind kind, List<DataType> leftTypes, List<DataType> rightTypes, int[] leftKeys,
      int[] rightKeys, BuildSide buildSide, JoinCondition residual) {
    if (leftKeys.length != rightKeys.length) {
      throw new IllegalArgumentException("key column counts differ");
    }
    this.kind = kind;
    this.leftTypes = List.copyOf(leftTypes);
    this.rightTypes = List.copyOf(rightTypes);
    this.buildLeft = buildSide == BuildSide.LEFT;
    this.buildKeys = (buildLeft ? leftKeys : rightKeys).clone();
    this.probeKeys = (buildLeft ? rightKeys : leftKeys).clone();
    this.residual = residual;
    List<DataType> buildTypes = buildLeft ? this.leftTypes : this.rightTypes;
    boolean semiOrAnti = kind == JoinKind.SEMI || kind == JoinKind.ANTI;
    boolean leftOuter = kind == JoinKind.LEFT || kind == JoinKind.FULL;
    boolean rightOuter = kind == JoinKind.RIGHT || kind == JoinKind.FULL;
    trackProbe = semiOrAnti ? !buildLeft : buildLeft ? rightOuter : leftOuter;
    trackBuild = semiOrAnti ? buildLeft : buildLeft ? leftOuter : rightOuter;
    emitPairs = !semiOrAnti;
    needPairs = !semiOrAnti || residual != null;

    store = new ColumnarRows(buildTypes);
    if (buildKeys.length > 0) {
      List<DataType> keyTypes = new ArrayList<>();
      for (int key : buildKeys) {
        keyTypes.add(buildTypes.get(key));
      }
      keyTable = new KeyTable(keyTypes);
    } else {
      keyTable = null;
    }
    List<DataType> all = new ArrayList<>(this.leftTypes);
    all.addAll(this.rightTypes);
    buildOffset = buildLeft ? 0 : this.leftTypes.size();
    probeOffset = buildLeft ? this.leftTypes.size() : 0;
    candidates = Batch.allocate(all, FIRST_OUTPUT_ROWS);
    outputTypes = semiOrAnti ? this.leftTypes : List.copyOf(all);
    output = semiOrAnti ? Batch.allocate(outputTypes, FIRST_OUTPUT_ROWS) : candidates;
  }

  /** A join without equi-keys: every pair of rows is a candidate for {@code residual} (null: cross join). */
  public static HashJoiner nestedLoop(JoinKind kind, List<DataType> leftTypes, List<DataType> rightTypes,
      BuildSide buildSide, JoinCondition residual) {
    return new HashJoiner(kind, leftTypes, rightTypes, new int[0], new int[0], buildSide, residual);
  }

  /** The join kind, both inputs' columns, keys and build side: what a snapshot of an operator over it must match. */
  public String shape() {
    return kind + " join: left " + leftTypes + ", right " + rightTypes + ", build " + (buildLeft ? "left" : "right")
        + " keys " + java.util.Arrays.toString(buildKeys) + ", probe keys " + java.util.Arrays.toString(probeKeys)
        + (residual == null ? "" : ", with a residual condition");
  }

  /** Left columns then right columns; SEMI and ANTI: left columns. */
  public List<DataType> outputTypes() {
    return outputTypes;
  }

  /** Number of build rows stored. */
  public int buildRowCount() {
    return store.size();
  }

  /** An estimate of the bytes the build side takes: stored rows, key table and per-row bookkeeping. */
  public long estimatedBytes() {
    long bytes = store.estimatedBytes() + (keyStart == null ? 0 : keyStart.length * 4L)
        + (rowKey == null ? 0 : rowKey.length * 4L) + (buildMatched == null ? 0 : buildMatched.length);
    if (keyTable != null) {
      bytes += keyTable.estimatedBytes() + keyTable.size() * 8L;
    }
    return bytes;
  }

  /** Adds the selected rows of a build-side batch. */
  public void build(Batch batch) {
    if (built) {
      throw new IllegalStateException("build after finishBuild");
    }
    int n = batch.rowCount();
    if (n == 0) {
      return;
    }
    int base = store.size();
    if (rowKey.length < base + n) {
      rowKey = Arrays.copyOf(rowKey, Math.max(base + n, rowKey.length * 2));
    }
    if (keyTable != null) {
      assignKeys(batch, n, base);
    }
    store.append(batch);
  }

  private void assignKeys(Batch batch, int n, int base) {
    boolean anyNullable = false;
    for (int key : buildKeys) {
      anyNullable |= batch.columns[key].mayHaveNulls;
    }
    if (!anyNullable) {
      int[] ids = keyTable.groupIdsFor(batch, buildKeys);
      System.arraycopy(ids, 0, rowKey, base, n);
      return;
    }
    // Rows with a NULL key are stored (outer joins emit them) but never enter the table.
    scratchRows = Vectors.grow(scratchRows, n);
    int kept = 0;
    for (int k = 0; k < n; k++) {
      int row = batch.row(k);
      if (!hasNullKey(batch, buildKeys, row)) {
        scratchRows[kept++] = row;
      }
    }
    Batch view = new Batch(batch.columns, batch.size);
    view.selection = scratchRows;
    view.selectedCount = kept;
    int[] ids = keyTable.groupIdsFor(view, buildKeys);
    int next = 0;
    for (int k = 0; k < n; k++) {
      int row = batch.row(k);
      if (next < kept && scratchRows[next] == row) {
        rowKey[base + k] = ids[next++];
      } else {
        rowKey[base + k] = -1;
      }
    }
  }

  private static boolean hasNullKey(Batch batch, int[] keys, int row) {
    for (int key : keys) {
      if (batch.columns[key].isNull(row)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Pushes the build rows stored so far, in batches, before {@link #finishBuild}: for a join that
   * moves its build side to disk once it grows too large.
   */
  public void drainBuildRows(BatchConsumer consumer) {
    if (built) {
      throw new IllegalStateException("drainBuildRows after finishBuild");
    }
    Batch chunk = Batch.allocate(store.types(), CHUNK);
    int rows = store.size();
    for (int from = 0; from < rows; from += CHUNK) {
      int n = Math.min(CHUNK, rows - from);
      chunk.reset();
      store.gatherRange(from, n, chunk, 0);
      chunk.size = n;
      consumer.accept(chunk);
    }
  }

  /** Ends the build phase: groups the build rows by key. */
  public void finishBuild() {
    if (built) {
      return;
    }
    built = true;
    int rows = store.size();
    if (keyTable == null) {
      keyCount = rows > 0 ? 1 : 0;
      keyStart = keyCount == 1 ? new int[] {0, rows} : new int[] {0};
    } else {
      keyCount = keyTable.size();
      keyStart = new int[keyCount + 1];
      boolean identity = true;
      for (int r = 0; r < rows; r++) {
        int key = rowKey[r];
        identity &= key == r;
        if (key >= 0) {
          keyStart[key + 1]++;
        }
      }
      for (int g = 0; g < keyCount; g++) {
        keyStart[g + 1] += keyStart[g];
      }
      if (!identity) {
        int[] next = Arrays.copyOf(keyStart, keyCount);
        int[] order = new int[rows];
        int nullPosition = keyStart[keyCount];
        for (int r = 0; r < rows; r++) {
          int key = rowKey[r];
          order[key >= 0 ? next[key]++ : nullPosition++] = r;
        }
        ColumnarRows sorted = new ColumnarRows(store.types());
        sorted.appendStoredRows(store, order, rows);
        store = sorted;
      }
    }
    rowKey = null;
    if (trackBuild) {
      buildMatched = new boolean[rows];
      if (!needPairs) {
        keyMatched = new boolean[keyCount];
      }
    }
  }

  /** Joins the selected rows of a probe-side batch, pushing joined rows to {@code consumer}. */
  public void probe(Batch batch, BatchConsumer consumer) {
    if (!built) {
      throw new IllegalStateException("probe before finishBuild");
    }
    int n = batch.rowCount();
    if (n == 0) {
      return;
    }
    int[] keyIds;
    if (keyTable == null) {
      if (noKeyIds.length < n) {
        noKeyIds = new int[Math.max(n, CHUNK)];
      }
      Arrays.fill(noKeyIds, 0, n, keyCount > 0 ? 0 : -1);
      keyIds = noKeyIds;
    } else {
      keyIds = keyTable.find(batch, probeKeys);
    }
    if (trackProbe) {
      if (probeMatched.length < n) {
        probeMatched = new boolean[Math.max(n, CHUNK)];
      } else {
        Arrays.fill(probeMatched, 0, n, false);
      }
    }
    if (needPairs) {
      formPairs(batch, n, keyIds, consumer);
    } else {
      for (int k = 0; k < n; k++) {
        int key = keyIds[k];
        if (key >= 0) {
          if (trackProbe) {
            probeMatched[k] = true;
          } else {
            keyMatched[key] = true;
          }
        }
      }
    }
    if (trackProbe) {
      emitProbeSide(batch, n, consumer);
    }
  }

  private void formPairs(Batch batch, int n, int[] keyIds, BatchConsumer consumer) {
    int[] selection = batch.selection;
    int[] starts = keyStart;
    int[] probeRows = pairProbe;
    int[] positions = pairPosition;
    int[] buildRows = pairBuild;
    int m = 0;
    for (int k = 0; k < n; k++) {
      int key = keyIds[k];
      if (key < 0) {
        continue;
      }
      int row = selection == null ? k : selection[k];
      int end = starts[key + 1];
      for (int j = starts[key]; j < end; j++) {
        probeRows[m] = row;
        positions[m] = k;
        buildRows[m] = j;
        if (++m == CHUNK) {
          flushPairs(batch, m, consumer);
          m = 0;
        }
      }
    }
    if (m > 0) {
      flushPairs(batch, m, consumer);
    }
  }

  private void flushPairs(Batch batch, int m, BatchConsumer consumer) {
    Batch c = candidates;
    c.reset();
    c.ensureCapacity(m);
    List<DataType> probeTypes = buildLeft ? rightTypes : leftTypes;
    for (int p = 0; p < probeTypes.size(); p++) {
      Vectors.gather(batch.columns[p], pairProbe, m, c.columns[probeOffset + p]);
    }
    store.gather(pairBuild, m, c, buildOffset);
    c.size = m;
    c.kinds = probeKinds(batch, m);
    int passed = m;
    if (residual != null) {
      passed = residual.filter(c, passing);
      if (emitPairs) {
        c.selection = passing;
        c.selectedCount = passed;
      }
    }
    if (emitPairs && passed > 0) {
      consumer.accept(c);
    }
    if (trackProbe) {
      for (int i = 0; i < passed; i++) {
        probeMatched[pairPosition[residual == null ? i : passing[i]]] = true;
      }
    }
    if (trackBuild) {
      for (int i = 0; i < passed; i++) {
        buildMatched[pairBuild[residual == null ? i : passing[i]]] = true;
      }
    }
  }

  /**
   * The kinds of the first {@code m} pairs' probe rows, so that a joined row is inserted, updated
   * or deleted as its probe row was (a changelog probed against data that does not change); null
   * when the probe batch holds only inserts.
   */
  private byte[] probeKinds(Batch batch, int m) {
    if (batch.kinds == null) {
      return null;
    }
    if (pairKinds == null) {
      pairKinds = new byte[CHUNK];
    }
    for (int i = 0; i < m; i++) {
      pairKinds[i] = batch.kinds[pairProbe[i]];
    }
    return pairKinds;
  }

  /** SEMI/ANTI results or NULL-padded unmatched rows of the probe side of one probe batch. */
  private void emitProbeSide(Batch batch, int n, BatchConsumer consumer) {
    boolean semiOrAnti = !emitPairs;
    boolean wanted = kind == JoinKind.SEMI;
    if (semiOrAnti) {
      scratchRows = Vectors.grow(scratchRows, n);
      int count = 0;
      for (int k = 0; k < n; k++) {
        if (probeMatched[k] == wanted) {
          scratchRows[count++] = batch.row(k);
        }
      }
      if (count > 0) {
        Batch view = new Batch(batch.columns, batch.size);
        view.selection = scratchRows;
        view.selectedCount = count;
        view.kinds = batch.kinds;
        consumer.accept(view);
      }
      return;
    }
    List<DataType> probeTypes = buildLeft ? rightTypes : leftTypes;
    int m = 0;
    for (int k = 0; k <= n; k++) {
      if (k < n && !probeMatched[k]) {
        pairProbe[m] = batch.row(k);
        pairBuild[m] = -1;
        m++;
      }
      if (m == CHUNK || (k == n && m > 0)) {
        output.reset();
        output.ensureCapacity(m);
        for (int p = 0; p < probeTypes.size(); p++) {
          Vectors.gather(batch.columns[p], pairProbe, m, output.columns[probeOffset + p]);
        }
        store.gather(pairBuild, m, output, buildOffset);
        output.size = m;
        output.kinds = probeKinds(batch, m);
        consumer.accept(output);
        m = 0;
      }
    }
  }

  /** Emits results that need every probe row seen: unmatched build rows, or SEMI/ANTI over a built left side. */
  public void finish(BatchConsumer consumer) {
    if (!built) {
      finishBuild();
    }
    if (!trackBuild) {
      return;
    }
    if (keyMatched != null) {
      for (int g = 0; g < keyCount; g++) {
        if (keyMatched[g]) {
          Arrays.fill(buildMatched, keyStart[g], keyStart[g + 1], true);
        }
      }
    }
    boolean wanted = kind == JoinKind.SEMI;
    int rows = store.size();
    int m = 0;
    for (int r = 0; r <= rows; r++) {
      if (r < rows && buildMatched[r] == wanted) {
        pairBuild[m++] = r;
      }
      if (m == CHUNK || (r == rows && m > 0)) {
        output.reset();
        output.ensureCapacity(m);
        if (emitPairs) {
          int probeCount = (buildLeft ? rightTypes : leftTypes).size();
          for (int p = 0; p < probeCount; p++) {
            Vectors.fillNull(output.columns[probeOffset + p], m);
          }
          store.gather(pairBuild, m, output, buildOffset);
        } else {
          store.gather(pairBuild, m, output, 0);
        }
        output.size = m;
        consumer.accept(output);
        m = 0;
      }
    }
  }
}
