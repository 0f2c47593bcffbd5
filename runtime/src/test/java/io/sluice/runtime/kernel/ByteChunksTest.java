package io.sluice.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BytesVector;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ByteChunks} against a list of values: appends across chunk ends, values longer than a
 * chunk, truncation, retaining a subset in place, merging into one array, writing and reading.
 */
class ByteChunksTest {
  /** The values stored, in order, with their logical positions. */
  private static final class Model {
    final List<byte[]> values = new ArrayList<>();
    final List<Integer> starts = new ArrayList<>();
  }

  private static byte[] value(Random random, int chunk) {
    int length = random.nextInt(10) == 0 ? random.nextInt(3 * chunk) : random.nextInt(chunk / 2 + 1);
    byte[] value = new byte[length];
    random.nextBytes(value);
    return value;
  }

  private static void check(ByteChunks chunks, Model model) {
    int logical = 0;
    for (int i = 0; i < model.values.size(); i++) {
      byte[] expected = model.values.get(i);
      assertEquals(logical, (int) model.starts.get(i), "values lie end to end");
      byte[] read = new byte[expected.length];
      chunks.copyTo(logical, expected.length, read, 0);
      assertArrayEquals(expected, read, "value " + i);
      assertTrue(chunks.equals(logical, expected.length, expected, 0));
      if (expected.length > 0) {
        int chunk = chunks.chunkOf(logical);
        int at = chunks.indexOf(chunk, logical);
        assertTrue(at >= 0 && at + expected.length <= chunks.chunkAt(chunk).length, "within one chunk");
        assertEquals(expected[0], chunks.chunkAt(chunk)[at]);
      }
      logical += expected.length;
    }
    assertEquals(logical, chunks.used());
  }

  @Test
  void matchesAListOfValuesThroughAppendsTruncationsAndRetains() throws IOException {
    Random random = new Random(15);
    for (int round = 0; round < 200; round++) {
      int chunk = 8 + random.nextInt(60);
      ByteChunks chunks = new ByteChunks(chunk);
      Model model = new Model();
      for (int step = 0; step < 60; step++) {
        int action = random.nextInt(10);
        if (action < 6) {
          byte[] v = value(random, chunk);
          model.starts.add(chunks.append(v, 0, v.length));
          model.values.add(v);
        } else if (action == 6 && !model.values.isEmpty()) {
          int keep = random.nextInt(model.values.size() + 1);
          int end = keep == model.values.size() ? chunks.used() : model.starts.get(keep);
          chunks.truncate(end);
          model.values.subList(keep, model.values.size()).clear();
          model.starts.subList(keep, model.starts.size()).clear();
        } else if (action == 7) {
          int n = 0;
          int[] starts = new int[model.values.size()];
          int[] lengths = new int[model.values.size()];
          List<byte[]> kept = new ArrayList<>();
          for (int i = 0; i < model.values.size(); i++) {
            if (random.nextBoolean()) {
              starts[n] = model.starts.get(i);
              lengths[n++] = model.values.get(i).length;
              kept.add(model.values.get(i));
            }
          }
          chunks.retain(starts, lengths, n);
          model.values.clear();
          model.starts.clear();
          int logical = 0;
          for (int i = 0; i < n; i++) {
            assertEquals(logical, starts[i], "new positions end to end");
            model.values.add(kept.get(i));
            model.starts.add(starts[i]);
            logical += lengths[i];
          }
        } else if (action == 8 && random.nextInt(4) == 0) {
          byte[] array = chunks.array();
          int logical = 0;
          for (byte[] v : model.values) {
            for (int k = 0; k < v.length; k++) {
              assertEquals(v[k], array[logical + k], "merged array indexed by logical position");
            }
            logical += v.length;
          }
        } else if (action == 9) {
          ByteArrayOutputStream bytes = new ByteArrayOutputStream();
          int from = model.values.isEmpty() ? 0 : model.starts.get(random.nextInt(model.values.size()));
          chunks.write(new DataOutputStream(bytes), from, chunks.used());
          ByteArrayOutputStream expected = new ByteArrayOutputStream();
          for (int i = 0; i < model.values.size(); i++) {
            if (model.starts.get(i) >= from) {
              expected.write(model.values.get(i));
            }
          }
          assertArrayEquals(expected.toByteArray(), bytes.toByteArray(), "bytes written from " + from);
          if (from == 0) {
            ByteChunks copy = new ByteChunks(chunk);
            copy.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), bytes.size());
            check(copy, model);
          }
        }
        check(chunks, model);
      }
    }
  }

  @Test
  void growingPastAChunkCopiesNothingStored() {
    ByteChunks chunks = new ByteChunks(1024);
    byte[] value = new byte[100];
    chunks.append(value, 0, value.length);
    while (chunks.used() < 1000) {
      chunks.append(value, 0, value.length);
    }
    byte[] first = chunks.chunkAt(0);
    for (int i = 0; i < 100; i++) {
      chunks.append(value, 0, value.length);
    }
    assertTrue(first == chunks.chunkAt(0), "the first chunk is kept, not copied into a larger one");
    assertEquals(1024, first.length);
    assertEquals(1024 * 11L, chunks.allocated(), "110 values of 100 bytes, 10 a chunk of 1024 bytes");
  }

  /** A store whose string column spans several real chunks: gathers, retains and snapshots agree. */
  @Test
  void columnarRowsAcrossChunks() throws IOException {
    List<DataType> types = List.of(TestRows.BIGINT, TestRows.VARCHAR);
    Random random = new Random(3);
    List<List<Object>> all = new ArrayList<>();
    ColumnarRows rows = new ColumnarRows(types);
    int rowCount = 0;
    long bytes = 0;
    while (bytes < 3L * ByteChunks.CHUNK) {
      List<List<Object>> batch = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        int length = random.nextInt(40) == 0 ? 200_000 : random.nextInt(3000);
        String text = random.nextInt(20) == 0 ? null : "x".repeat(length) + rowCount;
        batch.add(TestRows.row((long) rowCount++, text));
        bytes += text == null ? 0 : text.length();
      }
      rows.append(TestRows.dense(types, batch));
      all.addAll(batch);
    }
    assertEquals(TestRows.canonical(all), TestRows.canonical(gatherAll(rows, types)));
    // row by row: copied into another store, compared with a batch, read back boxed
    ColumnarRows copy = new ColumnarRows(types);
    Batch one = Batch.allocate(types, 1);
    for (int r = 0; r < rows.size(); r += 7) {
      copy.appendStoredRow(rows, r);
      one.reset();
      rows.copyValue(0, r, one.columns[0], 0);
      rows.copyValue(1, r, one.columns[1], 0);
      one.size = 1;
      assertTrue(rows.rowEquals(r, one, 0), "row " + r);
      assertTrue(copy.rowEquals(copy.size() - 1, one, 0), "copied row " + r);
      Object text = all.get(r).get(1);
      Object boxed = rows.getBoxed(1, r);
      assertEquals(text, boxed == null ? null : new String((byte[]) boxed, java.nio.charset.StandardCharsets.UTF_8));
    }
    int[] keep = new int[all.size()];
    int n = 0;
    List<List<Object>> kept = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (i % 3 != 1) {
        keep[n++] = i;
        kept.add(all.get(i));
      }
    }
    rows.retain(keep, n);
    assertEquals(kept.toString(), gatherAll(rows, types).toString());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    rows.writeTo(new DataOutputStream(out));
    ColumnarRows restored = new ColumnarRows(types);
    restored.readFrom(new DataInputStream(new ByteArrayInputStream(out.toByteArray())));
    assertEquals(kept.toString(), gatherAll(restored, types).toString());
    // the one-array view callers index with the offsets
    byte[] array = rows.bytes(1);
    int[] offsets = rows.offsets(1);
    int last = n - 1;
    Object text = kept.get(last).get(1);
    if (text != null) {
      assertEquals(text, new String(array, offsets[last], offsets[last + 1] - offsets[last],
          java.nio.charset.StandardCharsets.UTF_8));
    }
    rows.append(TestRows.dense(types, List.of(TestRows.row(-1L, "after the merge"))));
    assertEquals(TestRows.row(-1L, "after the merge"), gatherAll(rows, types).get(n));
  }

  private static List<List<Object>> gatherAll(ColumnarRows rows, List<DataType> types) {
    Batch out = Batch.allocate(types, Math.max(1, rows.size()));
    int[] ids = new int[rows.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i;
    }
    rows.gather(ids, ids.length, out, 0);
    out.size = ids.length;
    assertTrue(out.columns[1] instanceof BytesVector);
    return TestRows.read(out);
  }
}
