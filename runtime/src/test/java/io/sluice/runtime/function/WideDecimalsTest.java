package io.sluice.runtime.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.data.WideDecimal;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The 128-bit fast paths of wide DECIMAL arithmetic give exactly what BigDecimal gives (rounded
 * HALF_UP to the result scale), over random operands of every width, and overflow is SQLSTATE 22003.
 */
class WideDecimalsTest {
  private final Int128 register = new Int128();
  private final byte[] out = new byte[WideDecimal.BYTES];
  private final Random random = new Random(15);

  private BigInteger randomUnscaled(int digits) {
    BigInteger v = new BigInteger(digits * 4, random).mod(BigInteger.TEN.pow(digits));
    return random.nextBoolean() ? v.negate() : v;
  }

  private static long high(BigInteger v) {
    return v.shiftRight(64).longValue();
  }

  private BigDecimal result(int scale) {
    return WideDecimal.toBigDecimal(out, 0, scale);
  }

  private static BigDecimal expected(BigDecimal exact, int scale, int precision) {
    BigDecimal rounded = exact.setScale(scale, RoundingMode.HALF_UP);
    return rounded.unscaledValue().abs().compareTo(BigInteger.TEN.pow(precision)) < 0 ? rounded : null;
  }

  private void check(String op, BigDecimal exact, int scale, int precision, Runnable run) {
    BigDecimal want = expected(exact, scale, precision);
    if (want == null) {
      SluiceException e = assertThrows(SluiceException.class, run::run, op);
      assertEquals(ErrorCode.NUMERIC_OVERFLOW, e.code(), op);
    } else {
      run.run();
      assertEquals(want, result(scale), op);
    }
  }

  @Test
  void arithmeticMatchesBigDecimalOverRandomOperands() {
    for (int i = 0; i < 20_000; i++) {
      int pa = 1 + random.nextInt(38);
      int pb = 1 + random.nextInt(38);
      int sa = random.nextInt(pa + 1);
      int sb = random.nextInt(pb + 1);
      BigInteger ua = randomUnscaled(1 + random.nextInt(pa));
      BigInteger ub = randomUnscaled(1 + random.nextInt(pb));
      BigDecimal a = new BigDecimal(ua, sa);
      BigDecimal b = new BigDecimal(ub, sb);
      int scale = random.nextInt(20);
      int precision = Math.max(scale, 19 + random.nextInt(20));
      long ah = high(ua);
      long al = ua.longValue();
      long bh = high(ub);
      long bl = ub.longValue();
      String what = a + " ? " + b + " -> (" + precision + "," + scale + ")";
      check("+ " + what, a.add(b), scale, precision,
          () -> WideDecimals.add(register, ah, al, sa, bh, bl, sb, scale, precision, out));
      check("- " + what, a.subtract(b), scale, precision,
          () -> WideDecimals.subtract(register, ah, al, sa, bh, bl, sb, scale, precision, out));
      check("* " + what, a.multiply(b), scale, precision,
          () -> WideDecimals.multiply(register, ah, al, sa, bh, bl, sb, scale, precision, out));
      if (ub.signum() != 0) {
        BigDecimal quotient = a.divide(b, scale, RoundingMode.HALF_UP);
        check("/ " + what, quotient, scale, precision,
            () -> WideDecimals.divide(register, ah, al, sa, bh, bl, sb, scale, precision, out));
      }
      assertEquals(a.compareTo(b), Integer.signum(WideDecimals.compare(register, ah, al, sa, bh, bl, sb)), "cmp " + what);
    }
  }

  @Test
  void storedBytesSortAsTheNumbers() {
    byte[] x = WideDecimal.encode(new BigDecimal("-12345678901234567890.5"), io.sluice.catalog.DataType.decimal(38, 1));
    byte[] y = WideDecimal.encode(new BigDecimal("-0.1"), io.sluice.catalog.DataType.decimal(38, 1));
    byte[] z = WideDecimal.encode(new BigDecimal("99999999999999999999999999999999999.9"), io.sluice.catalog.DataType.decimal(38, 1));
    assertEquals(-1, Integer.signum(java.util.Arrays.compareUnsigned(x, y)));
    assertEquals(-1, Integer.signum(java.util.Arrays.compareUnsigned(y, z)));
  }

  @Test
  void divisionByZeroAndOverflowAreSqlErrors() {
    SluiceException zero = assertThrows(SluiceException.class,
        () -> WideDecimals.divide(register, 0, 5, 0, 0, 0, 0, 2, 38, out));
    assertEquals(ErrorCode.DIVISION_BY_ZERO, zero.code());
    BigInteger max = BigInteger.TEN.pow(38).subtract(BigInteger.ONE);
    SluiceException big = assertThrows(SluiceException.class,
        () -> WideDecimals.add(register, high(max), max.longValue(), 0, 0, 1, 0, 0, 38, out));
    assertEquals(ErrorCode.NUMERIC_OVERFLOW, big.code());
  }
}
