package io.sluice.sqlparser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.SqlParser;
import org.junit.jupiter.api.Test;

/** The written-out list of Calcite's reserved words is the parser's own. */
class CalciteReservedWordsTest {

  @Test
  void theListIsTheOneCalcitesParserReports() {
    SqlAbstractParserImpl.Metadata parser = SqlParser.create("").getMetadata();
    Set<String> reserved = new TreeSet<>();
    for (String token : parser.getTokens()) {
      if (parser.isReservedWord(token)) {
        reserved.add(token);
      }
    }
    assertEquals(reserved, new TreeSet<>(CalciteReservedWords.WORDS),
        "Calcite's parser reserves other words now; put this list in CalciteReservedWords.WORDS");
  }

  @Test
  void wordsAreLookedUpInUpperCase() {
    assertTrue(CalciteReservedWords.contains("ORDER"));
    assertFalse(CalciteReservedWords.contains("order"));
    assertFalse(CalciteReservedWords.contains("SALES"));
  }
}
