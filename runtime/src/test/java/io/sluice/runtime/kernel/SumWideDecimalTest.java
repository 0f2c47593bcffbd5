package io.sluice.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.LongVector;
import io.sluice.catalog.data.WideDecimal;
import io.sluice.runtime.state.StateIO;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * SUM of DECIMAL into DECIMAL(38, s): sums past 64 bits stay exact, past 38 digits are 22003, and
 * the state of a 64-bit decimal sum that an older build checkpointed (sums, counts) still loads.
 */
class SumWideDecimalTest {
  private static final DataType INPUT = DataType.decimal(18, 2);
  private static final DataType RESULT = DataType.decimal(38, 2);

  private static BigDecimal result(SumWideDecimal sum, int group) {
    BytesVector out = new BytesVector(4);
    sum.write(group, 1, out);
    return out.isNull(0) ? null : WideDecimal.toBigDecimal(out.data, out.start(0), 2);
  }

  private static LongVector longs(long... values) {
    LongVector v = new LongVector(values.length);
    System.arraycopy(values, 0, v.values, 0, values.length);
    return v;
  }

  @Test
  void sumsOfLongDecimalsGoPast64BitsExactly() {
    SumWideDecimal sum = new SumWideDecimal(AggregateKind.SUM, INPUT, RESULT);
    sum.ensureGroups(2);
    long max = 999_999_999_999_999_999L;
    sum.update(new int[] {0, 0, 0, 0, 0}, new int[] {0, 1, 2, 3, 4}, 5, longs(max, max, max, max, max));
    assertEquals(new BigDecimal("49999999999999999.95"), result(sum, 0));
    assertEquals(null, result(sum, 1));
    sum.retract(new int[] {0}, new int[] {0}, 1, longs(max));
    assertEquals(new BigDecimal("39999999999999999.96"), result(sum, 0));
  }

  /**
   * A batch of sums written into one output column grows its bytes as it goes: the output's bytes
   * were read before the row was reserved, so the sum past the first 8 bytes a row was written
   * into the old, too short array (TPC-H q3, q10, q11, q15 and q18 at scale 1 failed with an
   * ArrayIndexOutOfBoundsException once a batch held more than 2,048 groups).
   */
  @Test
  void aBatchOfManyGroupsGrowsTheOutput() {
    int groups = 5_000;
    SumWideDecimal sum = new SumWideDecimal(AggregateKind.SUM, INPUT, RESULT);
    sum.ensureGroups(groups);
    int[] ids = new int[groups];
    long[] values = new long[groups];
    for (int g = 0; g < groups; g++) {
      ids[g] = g;
      values[g] = g * 1_000_003L - 7;
    }
    sum.update(ids, ids, groups, longs(values));
    BytesVector out = new BytesVector(groups);
    sum.write(0, groups, out);
    BytesVector kept = new BytesVector(groups); // a sum kept in a long with a DECIMAL(38, s) result
    for (int g = 0; g < groups; g++) {
      Accumulator.putLong(kept, g, values[g]);
    }
    for (int g = 0; g < groups; g++) {
      assertEquals(BigDecimal.valueOf(values[g], 2), WideDecimal.toBigDecimal(out.data, out.start(g), 2));
      assertEquals(BigDecimal.valueOf(values[g], 2), WideDecimal.toBigDecimal(kept.data, kept.start(g), 2));
    }
  }

  @Test
  void aSumPast38DigitsIsAnOverflow() {
    SumWideDecimal sum = new SumWideDecimal(AggregateKind.SUM, RESULT, RESULT);
    sum.ensureGroups(1);
    BytesVector input = new BytesVector(3);
    byte[] nines = WideDecimal.encode(new BigDecimal("999999999999999999999999999999999999.99"), RESULT);
    input.set(0, nines);
    input.set(1, WideDecimal.encode(BigDecimal.ONE, RESULT));
    sum.update(new int[] {0, 0}, new int[] {0, 1}, 2, input); // 39 digits: still within 128 bits
    SluiceException e = assertThrows(SluiceException.class, () -> result(sum, 0));
    assertEquals(ErrorCode.NUMERIC_OVERFLOW, e.code());
    input.set(2, nines);
    SluiceException past128Bits = assertThrows(SluiceException.class,
        () -> sum.update(new int[] {0}, new int[] {2}, 1, input));
    assertEquals(ErrorCode.NUMERIC_OVERFLOW, past128Bits.code());
  }

  @Test
  void stateOfTheOlder64BitSumLoads() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(2); // SumLong's state: sums, then counts
    StateIO.writeArray(out, new long[] {1250, -7, 0}, 3);
    StateIO.writeArray(out, new long[] {2, 1, 0}, 3);
    SumWideDecimal sum = new SumWideDecimal(AggregateKind.SUM, INPUT, RESULT);
    sum.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), 3);
    assertEquals(new BigDecimal("12.50"), result(sum, 0));
    assertEquals(new BigDecimal("-0.07"), result(sum, 1));
    assertEquals(null, result(sum, 2));
    // and its own state round-trips
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    sum.save(new DataOutputStream(again), 3);
    SumWideDecimal restored = new SumWideDecimal(AggregateKind.SUM, INPUT, RESULT);
    restored.load(new DataInputStream(new ByteArrayInputStream(again.toByteArray())), 3);
    assertEquals(new BigDecimal("-0.07"), result(restored, 1));
  }
}
