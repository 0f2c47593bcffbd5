package io.sluice.engine;

import io.sluice.catalog.DataType;
import java.util.List;

/** A statement parsed and analysed once, run many times with different parameter values. */
public interface Prepared {
  /** Types of the {@code ?} parameters, in order of appearance. */
  List<DataType> parameterTypes();

  /** Runs the statement with the given parameter values (Java objects, as JDBC setObject takes them). */
  StatementResult execute(List<Object> parameters);
}
