package io.sluice.runtime.function;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public static method as the implementation of scalar SQL functions: code generation
 * finds it by the function's name and number of arguments and calls it without a line of its own.
 * The function's declaration (signatures, description, examples, and for a function Calcite's
 * operator tables lack, its argument and result types) is its entry in the optimizer's
 * {@code functions.json}; a test checks that the two agree.
 *
 * <p>The call is written from the method's parameters, one SQL argument each, in order:
 * {@code byte[], int, int} takes a string (bytes, offset, length), {@code long} an integer,
 * {@code double} a number, {@code boolean} a boolean; a last {@code Scratch} parameter is a
 * buffer owned by the call site. The result is NULL when an argument is NULL. A string result is
 * written into the scratch buffer, the method returning its length; without a scratch buffer a
 * string result is a view into the first argument ({@link Strings#view}). Any other result is the
 * value, cast to the SQL type the validator gave the call. Overloads take optional arguments.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface SqlFunction {
  /** The SQL names, in upper case. */
  String[] value();
}
