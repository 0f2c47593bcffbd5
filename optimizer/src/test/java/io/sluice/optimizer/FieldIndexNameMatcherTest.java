package io.sluice.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlNameMatchers;
import org.junit.jupiter.api.Test;

/** {@link FieldIndexNameMatcher} finds the field Calcite's case-insensitive scan finds, for every name. */
class FieldIndexNameMatcherTest {
  private final RelDataTypeFactory types = new SluiceTypeFactory();

  private RelDataType row(String... names) {
    RelDataTypeFactory.Builder builder = types.builder();
    for (String name : names) {
      builder.add(name, SqlTypeName.INTEGER);
    }
    return builder.build();
  }

  private static void assertSameAsCalcite(RelDataType row, String name) {
    RelDataTypeField expected = SqlNameMatchers.withCaseSensitive(false).field(row, name);
    RelDataTypeField actual = new FieldIndexNameMatcher().field(row, name);
    if (expected == null) {
      assertNull(actual, name);
    } else {
      assertNotNull(actual, name);
      assertEquals(expected.getIndex(), actual.getIndex(), name);
      assertEquals(expected.getName(), actual.getName(), name);
    }
  }

  @Test
  void findsWhatCalcitesScanFinds() {
    List<RelDataType> rows = List.of(
        row("a29", "B29", "x29"),
        row("id", "ID", "Id"), // the first of names equal but for case
        row("price", "pri_ce", "PRICE1", "p"),
        row("name", "_extra"), // Calcite answers any name with the _extra field's type
        row("K", "straße"), // non-ASCII field names: Calcite's rules of case
        row("\u212A", "b"), // the Kelvin sign equals "k" ignoring case
        row());
    List<String> names = List.of("a29", "A29", "b29", "X29", "id", "iD", "PRICE", "pri_ce", "price1", "P", "q",
        "name", "NAME", "missing", "k", "\u212A", "STRASSE", "STRAßE", "straße", "", "a2", "a299");
    for (RelDataType row : rows) {
      for (String name : names) {
        assertSameAsCalcite(row, name);
      }
    }
  }

  @Test
  void indexesARowTypeOnce() {
    FieldIndexNameMatcher matcher = new FieldIndexNameMatcher();
    RelDataType row = row("a", "b", "c");
    assertSame(matcher.field(row, "B"), matcher.field(row, "b"));
    assertEquals(1, matcher.field(row, "B").getIndex());
    assertNull(matcher.field(row, "d"));
  }
}
