package io.sluice.runtime.function;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public static method as the implementation of scalar SQL functions: code generation
 * finds it by the function's name and its arguments' types, and calls it without a line of its
 * own. The function's declaration (signatures, description, examples, and for a function
 * Calcite's operator tables lack, its argument and result types) is its entry in the optimizer's
 * {@code functions.json}; a test checks that the two agree.
 *
 * <p>The call is written from the method's parameters, one SQL argument each, in order:
 * <ul>
 *   <li>{@code long}: an integer (another type is cast to BIGINT first);
 *   <li>{@code double}: a number; {@code boolean}: a boolean;
 *   <li>{@code byte[], int, int}: a string (bytes, offset, length);
 *   <li>{@code @Decimal long, int, int}: a DECIMAL of up to 18 digits (its unscaled value, then the
 *       type's precision and scale);
 *   <li>{@code @Timestamp long}: a TIMESTAMP (milliseconds since the epoch, UTC);
 *   <li>{@code @Interval long}: an interval of days to seconds (milliseconds);
 *   <li>{@code @WideDecimal long, long, int, int}: a wider DECIMAL (the high and low halves of its
 *       128-bit unscaled value, then precision and scale).
 * </ul>
 * A last {@code Scratch} parameter is a buffer owned by the call site (a method whose result is
 * not a string may keep in it what it compiles from a constant argument, see {@code Memo}).
 *
 * <p>The result is NULL when an argument is NULL. A string result is written into the scratch
 * buffer, the method returning its length; without a scratch buffer a string result is a view into
 * the first argument ({@link Strings#view}). A method whose first argument is a DECIMAL returns a
 * DECIMAL of that argument's type (unless its result is a string in the scratch buffer): the unscaled {@code long}, or for a wide one nothing, having
 * written the value into its last parameter, a {@code byte[]} of 16 bytes owned by the call site.
 * Any other result is the value, cast to the SQL type the validator gave the call (an integer is
 * checked against that type's range).
 *
 * <p>Overloads take optional arguments, and a function's forms for different argument types (ABS
 * of a BIGINT, a DOUBLE, a DECIMAL): the call takes the method whose parameters match the most
 * arguments' types exactly. A {@link #fold} function takes any number of arguments.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface SqlFunction {
  /** The SQL names, in upper case. */
  String[] value();

  /**
   * Whether the two-argument method also serves calls of more arguments, applied from the left:
   * {@code f(a, b, c)} is {@code f(f(a, b), c)}. The first argument of a later step may then be
   * the method's own scratch buffer.
   */
  boolean fold() default false;

  /**
   * Whether a string result may be NULL though no argument is (REGEXP_SUBSTR without a match): the
   * method returns a negative length for NULL. Its declaration says {@code "nulls": "strict_or_nothing"}.
   */
  boolean mayBeNull() default false;

  /** A {@code long} parameter that, with the two {@code int}s after it, is a DECIMAL of up to 18 digits. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface Decimal {}

  /** A {@code long} parameter that is a TIMESTAMP, told apart from an integer argument by its type. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface Timestamp {}

  /** A {@code long} parameter that is an INTERVAL DAY TO SECOND, in milliseconds. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface Interval {}

  /** A {@code long} parameter that, with the {@code long, int, int} after it, is a DECIMAL of more than 18 digits. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface WideDecimal {}
}
