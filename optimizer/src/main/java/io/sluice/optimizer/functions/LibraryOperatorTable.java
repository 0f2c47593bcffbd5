package io.sluice.optimizer.functions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlNameMatcher;

/**
 * The operators of Calcite's {@link SqlLibraryOperators} that functions.json names ({@code
 * "library": "LEFT"}), read from that class only when a statement first names one of them.
 *
 * <p>{@link SqlLibraryOperators} makes several hundred operators (every dialect's) when it is
 * initialised, and links a lambda for many of them: a few percent of a short command's start-up
 * that a {@code SELECT 1} does not need. Until then the table answers a lookup from names alone:
 * an operator is named as its function ({@code LEFT}) or as its constant ({@code TRANSLATE3}, which
 * Calcite's parser makes of a three-argument {@code TRANSLATE} and the validator then looks up by
 * that name); {@code LibraryOperatorTableTest} checks that every operator's name is one of those. A
 * constant the class does not have fails the first lookup of such a name, naming the function.
 */
final class LibraryOperatorTable implements SqlOperatorTable {
  /** Operator constant by function name, upper case. */
  private final Map<String, String> constants;
  /** The names an operator of the table may have, upper case: the functions' and the constants'. */
  private final Set<String> names;
  /** The operators, once read; null before. */
  private volatile SqlOperatorTable resolved;

  /** A table of the library operators {@code constants} names (SQL name to constant of SqlLibraryOperators). */
  LibraryOperatorTable(Map<String, String> constants) {
    Map<String, String> byName = new TreeMap<>();
    constants.forEach((name, constant) -> byName.put(name.toUpperCase(Locale.ROOT), constant));
    this.constants = byName;
    Set<String> names = new TreeSet<>(byName.keySet());
    names.addAll(byName.values());
    this.names = names;
  }

  /** The names the operators may have, upper case; known without reading the operators. */
  Set<String> names() {
    return names;
  }

  @Override
  public void lookupOperatorOverloads(SqlIdentifier name, SqlFunctionCategory category, SqlSyntax syntax,
      List<SqlOperator> found, SqlNameMatcher matcher) {
    if (mayName(name, matcher)) {
      operators().lookupOperatorOverloads(name, category, syntax, found, matcher);
    }
  }

  @Override
  public List<SqlOperator> getOperatorList() {
    return operators().getOperatorList();
  }

  /** Whether {@code name} could be one of the operators: a simple name that matches a function's. */
  private boolean mayName(SqlIdentifier name, SqlNameMatcher matcher) {
    if (!name.isSimple()) {
      return false;
    }
    String simple = name.getSimple();
    if (!matcher.isCaseSensitive()) {
      return names.contains(simple.toUpperCase(Locale.ROOT));
    }
    for (String candidate : names) {
      if (matcher.matches(candidate, simple)) {
        return true;
      }
    }
    return false;
  }

  /** The operators themselves, read from {@link SqlLibraryOperators} the first time. */
  SqlOperatorTable operators() {
    SqlOperatorTable table = resolved;
    if (table == null) {
      synchronized (this) {
        table = resolved;
        if (table == null) {
          table = read();
          resolved = table;
        }
      }
    }
    return table;
  }

  private SqlOperatorTable read() {
    List<SqlOperator> operators = new ArrayList<>();
    constants.forEach((function, constant) -> {
      try {
        operators.add((SqlOperator) SqlLibraryOperators.class.getField(constant).get(null));
      } catch (ReflectiveOperationException | ClassCastException e) {
        throw new IllegalStateException(FunctionRegistry.RESOURCE + ": function " + function + " names the library"
            + " operator '" + constant + "', which SqlLibraryOperators does not have", e);
      }
    });
    return SqlOperatorTables.of(operators);
  }
}
