package io.sluice.catalog.function;

import io.sluice.catalog.TypeKind;
import java.util.List;
import java.util.Set;

/**
 * A scalar function Sluice declares itself, beyond the operators Calcite's table brings: the
 * argument types of each form it takes, what it returns, how NULLs pass through it and whether it
 * is deterministic. The planner builds the validator's operator from this; code generation calls
 * the run-time method marked {@code @SqlFunction} with the function's name and the form's number
 * of arguments, so a function is declared here once and implemented there once.
 *
 * @param forms the argument types of each accepted form; an argument of another type is converted
 *     as the validator's implicit casts allow (INTEGER to BIGINT, any number to DOUBLE) or refused
 * @param returns the result type, nullable as {@code nulls} says
 * @param deterministic whether equal arguments always give an equal result (only then is a call
 *     with constant arguments folded while planning)
 * @param perStatement whether the function, though not deterministic, has one value for a whole
 *     statement (NOW(), as CURRENT_TIMESTAMP): it is never folded while planning, and unlike a value
 *     per row (RANDOM()) a continuous query may use it
 */
public record ScalarDeclaration(List<List<TypeKind>> forms, TypeKind returns, NullBehavior nulls,
    boolean deterministic, boolean perStatement) {

  /**
   * The types an argument or result may be declared with: those a run-time method takes and returns
   * (a TIMESTAMP argument is its {@code @SqlFunction.Timestamp long}; a DATE given for it is widened).
   * An interval of days to seconds ({@code @SqlFunction.Interval long}, milliseconds) is an argument only.
   */
  public static final Set<TypeKind> TYPES = Set.of(TypeKind.BOOLEAN, TypeKind.BIGINT, TypeKind.DOUBLE,
      TypeKind.VARCHAR, TypeKind.TIMESTAMP, TypeKind.INTERVAL_DAY_TIME);
  /**
   * The types a result may be declared with besides {@link #TYPES}: DATE (days) and TIMESTAMP
   * (milliseconds) are a run-time method's {@code long} as it is.
   */
  public static final Set<TypeKind> RESULT_TYPES = Set.of(TypeKind.DATE, TypeKind.TIMESTAMP);

  public ScalarDeclaration {
    forms = forms.stream().map(List::copyOf).toList();
  }

  /** How a function treats NULL arguments. */
  public enum NullBehavior {
    /** NULL when any argument is NULL, without calling the implementation; otherwise never NULL. */
    STRICT,
    /**
     * NULL when any argument is NULL, and also when the function finds nothing to return (REGEXP_SUBSTR
     * without a match): its result type is always nullable.
     */
    STRICT_OR_NOTHING
  }
}
