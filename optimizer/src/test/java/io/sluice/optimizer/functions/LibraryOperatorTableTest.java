package io.sluice.optimizer.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.apache.calcite.sql.validate.SqlNameMatchers;
import org.junit.jupiter.api.Test;

/**
 * The library operators functions.json names, read from Calcite's {@link SqlLibraryOperators} only
 * when a statement names one: the lookups give what a table of the operators read at once gives.
 */
class LibraryOperatorTableTest {
  private static final SqlNameMatcher ANY_CASE = SqlNameMatchers.withCaseSensitive(false);
  private static final SqlNameMatcher EXACT = SqlNameMatchers.withCaseSensitive(true);

  @Test
  void eachOperatorHasANameKnownBeforeTheOperatorsAreRead() {
    LibraryOperatorTable table = new LibraryOperatorTable(FunctionRegistry.instance().libraryOperators());
    assertFalse(table.operators().getOperatorList().isEmpty());
    for (SqlOperator operator : table.operators().getOperatorList()) {
      assertTrue(table.names().contains(operator.getName().toUpperCase(Locale.ROOT)),
          operator.getName() + " is neither a function's name nor a constant's: " + table.names());
    }
    assertTrue(table.names().contains("TRANSLATE3"), "the validator looks up a three-argument TRANSLATE so");
  }

  @Test
  void lookupsFindWhatTheOperatorsReadAtOnceFind() {
    Map<String, String> constants = FunctionRegistry.instance().libraryOperators();
    LibraryOperatorTable lazy = new LibraryOperatorTable(constants);
    SqlOperatorTable eager = SqlOperatorTables.of(new LibraryOperatorTable(constants).operators().getOperatorList());
    List<String> names = new ArrayList<>(constants.keySet());
    names.addAll(constants.values());
    names.addAll(List.of("UPPER", "SUBSTR", "left", "Strpos", "translate3", "NO_SUCH_FUNCTION"));
    for (String name : names) {
      for (SqlNameMatcher matcher : List.of(ANY_CASE, EXACT)) {
        for (SqlSyntax syntax : SqlSyntax.values()) {
          assertEquals(lookup(eager, name, syntax, matcher), lookup(lazy, name, syntax, matcher),
              name + " " + syntax + " case-sensitive " + matcher.isCaseSensitive());
        }
      }
    }
  }

  @Test
  void aConstantCalciteLacksFailsTheFirstLookupOfItsFunction() {
    LibraryOperatorTable table = new LibraryOperatorTable(Map.of("LEFT", "NO_SUCH_CONSTANT"));
    assertTrue(lookup(table, "UPPER", SqlSyntax.FUNCTION, ANY_CASE).isEmpty(), "another name reads nothing");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> lookup(table, "left", SqlSyntax.FUNCTION, ANY_CASE));
    assertTrue(e.getMessage().contains("function LEFT") && e.getMessage().contains("'NO_SUCH_CONSTANT'"),
        e.getMessage());
  }

  private static List<SqlOperator> lookup(SqlOperatorTable table, String name, SqlSyntax syntax,
      SqlNameMatcher matcher) {
    List<SqlOperator> found = new ArrayList<>();
    table.lookupOperatorOverloads(new SqlIdentifier(name, SqlParserPos.ZERO), null, syntax, found, matcher);
    return found;
  }
}
