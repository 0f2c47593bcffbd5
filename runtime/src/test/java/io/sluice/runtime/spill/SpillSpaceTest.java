package io.sluice.runtime.spill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BooleanVector;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.DoubleVector;
import io.sluice.catalog.data.LongVector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpillSpaceTest {
  private static final List<DataType> TYPES = List.of(DataType.of(TypeKind.BIGINT), DataType.of(TypeKind.DOUBLE),
      DataType.of(TypeKind.BOOLEAN), DataType.of(TypeKind.VARCHAR));

  @TempDir
  Path temp;

  /** A batch of {@code n} rows with NULLs, long strings (longer than the writer's buffer) and empty ones. */
  private static Batch randomBatch(Random random, int n) {
    Batch batch = Batch.allocate(TYPES, n);
    for (int i = 0; i < n; i++) {
      boolean nulls = random.nextInt(5) == 0;
      if (nulls) {
        batch.columns[0].setNull(i);
        batch.columns[1].setNull(i);
        batch.columns[2].setNull(i);
        ((BytesVector) batch.columns[3]).setNullAt(i);
        continue;
      }
      ((LongVector) batch.columns[0]).values[i] = random.nextLong();
      ((DoubleVector) batch.columns[1]).values[i] = random.nextInt(3) == 0 ? -0.0 : random.nextDouble();
      ((BooleanVector) batch.columns[2]).values[i] = random.nextBoolean();
      int length = random.nextInt(50) == 0 ? 100_000 : random.nextInt(4) == 0 ? 0 : random.nextInt(30);
      byte[] text = new byte[length];
      random.nextBytes(text);
      ((BytesVector) batch.columns[3]).set(i, text);
    }
    batch.size = n;
    return batch;
  }

  private static String rowText(Batch batch, int row) {
    StringBuilder sb = new StringBuilder();
    for (var column : batch.columns) {
      Object value = column.getBoxed(row);
      sb.append(value instanceof byte[] ? java.util.Arrays.toString((byte[]) value) : String.valueOf(value))
          .append(value instanceof Double ? Double.doubleToRawLongBits((Double) value) : "").append('|');
    }
    return sb.toString();
  }

  @Test
  void rowsComeBackAsWrittenAndFilesGoWithTheSpace() throws IOException {
    SpillSpace space = new SpillSpace(temp, 1);
    Random random = new Random(17);
    Batch first = randomBatch(random, 700);
    Batch second = randomBatch(random, 300);
    second.selection = new int[] {3, 5, 250, 299};
    second.selectedCount = 4;
    Path file;
    try (SpillWriter writer = new SpillWriter(space, "test", TYPES)) {
      writer.write(first);
      writer.write(second);
      file = writer.finish();
      assertEquals(704, writer.rows());
    }
    assertTrue(Files.exists(file));
    assertEquals(Files.size(file), space.bytesWritten());
    Batch block = Batch.allocate(TYPES, 16);
    try (SpillReader reader = new SpillReader(file, TYPES)) {
      assertTrue(reader.next(block));
      assertEquals(700, block.size);
      for (int i = 0; i < 700; i++) {
        assertEquals(rowText(first, i), rowText(block, i), "row " + i);
      }
      assertTrue(reader.next(block));
      assertEquals(4, block.size);
      for (int i = 0; i < 4; i++) {
        assertEquals(rowText(second, second.selection[i]), rowText(block, i));
      }
      assertFalse(reader.next(block));
    }
    assertFalse(Files.exists(file), "a spill file is read once");
    Path folder = space.folder();
    new SpillWriter(space, "left-behind", TYPES).finish();
    space.close();
    assertFalse(Files.exists(folder), "closing the space deletes its folder and what is left in it");
  }

  @Test
  void theOperatorsOfAQueryShareItsBudget() {
    SpillSpace space = new SpillSpace(temp, 90_000);
    assertEquals(90_000, space.memoryLimit(), "a kernel used alone has the whole budget");
    space.addOperator();
    assertEquals(90_000, space.memoryLimit());
    space.addOperator();
    space.addOperator();
    assertEquals(30_000, space.memoryLimit());
  }

  @Test
  void aFolderThatCannotBeMadeIsAClearError() throws IOException {
    Path notAFolder = Files.writeString(temp.resolve("plain-file"), "x");
    SpillSpace space = new SpillSpace(notAFolder.resolve("spill"), 1);
    SluiceException e = assertThrows(SluiceException.class, () -> new SpillWriter(space, "run", TYPES));
    assertEquals(ErrorCode.IO_ERROR, e.code());
    assertEquals("58030", e.sqlState());
    assertTrue(e.getMessage().contains(notAFolder.resolve("spill").toString()), e.getMessage());
    assertTrue(e.getMessage().contains("'execution.spill-path'") && e.getMessage().contains("'pipeline.state.memory'"),
        e.getMessage());
  }

  @Test
  void anUnwritableFolderIsAClearError() throws IOException {
    Path locked = Files.createDirectory(temp.resolve("locked"));
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      Assumptions.assumeFalse(Files.isWritable(locked), "the superuser writes anywhere");
      SpillSpace space = new SpillSpace(locked, 1);
      SluiceException e = assertThrows(SluiceException.class, () -> new SpillWriter(space, "run", TYPES));
      assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }
}
