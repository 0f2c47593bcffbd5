package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import java.util.Objects;

/**
 * One window function call of a {@link WindowEvaluator}.
 *
 * @param kind the function
 * @param argument input column of the argument; -1 for functions without one
 * @param offset LAG/LEAD offset (rows back or ahead), NTILE bucket count; 0 otherwise
 * @param defaultValue LAG/LEAD value when the offset row is outside the partition, as a boxed
 *     internal value (see {@link ValuesSource}); null for NULL
 * @param frame the frame of frame-reading functions; null for the SQL default
 * @param resultType the type of the result column
 */
public record WindowFunctionSpec(WindowFunctionKind kind, int argument, long offset, Object defaultValue,
    WindowFrame frame, DataType resultType) {
  public WindowFunctionSpec {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(resultType, "resultType");
  }

  /** A function without argument: ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST, COUNT(*) over the default frame. */
  public static WindowFunctionSpec of(WindowFunctionKind kind, DataType resultType) {
    return new WindowFunctionSpec(kind, -1, 0, null, null, resultType);
  }

  /** A frame-reading function; {@code frame} null for the default. */
  public static WindowFunctionSpec framed(WindowFunctionKind kind, int argument, WindowFrame frame,
      DataType resultType) {
    return new WindowFunctionSpec(kind, argument, 0, null, frame, resultType);
  }

  public static WindowFunctionSpec lag(int argument, long offset, Object defaultValue, DataType resultType) {
    return new WindowFunctionSpec(WindowFunctionKind.LAG, argument, offset, defaultValue, null, resultType);
  }

  public static WindowFunctionSpec lead(int argument, long offset, Object defaultValue, DataType resultType) {
    return new WindowFunctionSpec(WindowFunctionKind.LEAD, argument, offset, defaultValue, null, resultType);
  }

  public static WindowFunctionSpec ntile(long buckets, DataType resultType) {
    return new WindowFunctionSpec(WindowFunctionKind.NTILE, -1, buckets, null, null, resultType);
  }
}
