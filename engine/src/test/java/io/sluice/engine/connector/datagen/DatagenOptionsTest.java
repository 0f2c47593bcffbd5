package io.sluice.engine.connector.datagen;

import static io.sluice.engine.connector.datagen.GeneratorTestSupport.column;
import static io.sluice.engine.connector.datagen.GeneratorTestSupport.options;
import static io.sluice.engine.connector.datagen.GeneratorTestSupport.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.Column;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TypeKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatagenOptionsTest {
  private static final Column[] COLUMNS = {
    column("id", TypeKind.BIGINT), column("name", TypeKind.VARCHAR), column("ts", TypeKind.TIMESTAMP),
    column("ok", TypeKind.BOOLEAN)
  };

  private static void assertInvalid(Map<String, String> options, String... fragments) {
    assertInvalid(options, COLUMNS, fragments);
  }

  private static void assertInvalid(Map<String, String> options, Column[] columns, String... fragments) {
    SluiceException e = assertThrows(SluiceException.class,
        () -> new DatagenConnectorFactory().createSource(source("s", options, columns)));
    assertEquals(ErrorCode.INVALID_OPTION, e.code(), e.getMessage());
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
  }

  @Test
  void unknownKeysAreNamedWithTheNearestValidKey() {
    assertInvalid(options("connector", "datagen", "rows-per-secnd", "5"), "'rows-per-secnd'",
        "Did you mean 'rows-per-second'?");
    assertInvalid(options("connector", "datagen", "fields.idd.kind", "random"), "'fields.idd.kind'",
        "Did you mean 'id'?", "Columns: id, name, ts, ok");
    assertInvalid(options("connector", "datagen", "fields.id.knd", "random"), "'fields.id.knd'",
        "Did you mean 'kind'?");
    assertInvalid(options("connector", "datagen", "fields.id", "random"), "'fields.id'");
  }

  @Test
  void valuesAreChecked() {
    assertInvalid(options("rows-per-second", "fast"), "'rows-per-second'", "'unlimited'");
    assertInvalid(options("rows-per-second", "0"), "'rows-per-second'");
    assertInvalid(options("number-of-rows", "-1"), "'number-of-rows'");
    assertInvalid(options("max-rows-per-batch", "0"), "'max-rows-per-batch'");
    assertInvalid(options("seed", "x"), "'seed'");
    assertInvalid(options("start-time", "yesterday"), "'start-time'", "2024-01-01 00:00:00");
    assertInvalid(options("event-time-per-row", "1 fortnight"), "'event-time-per-row'", "unit");
    assertInvalid(options("fields.id.kind", "serial"), "'fields.id.kind'", "sequence, random");
    assertInvalid(options("fields.id.kind", "sequnce"), "Did you mean 'sequence'?");
    assertInvalid(options("fields.id.null-rate", "1.5"), "'fields.id.null-rate'", "between 0 and 1");
    assertInvalid(options("fields.id.start", "10", "fields.id.end", "1"), "'fields.id.end'", "'fields.id.start'");
    assertInvalid(options("fields.id.length", "4"), "'fields.id.length'", "random strings");
    assertInvalid(options("fields.ok.start", "1"), "'fields.ok.start'", "BOOLEAN");
    assertInvalid(options("fields.ts.end", "2024-01-02"), "'fields.ts.end'", "event-time-per-row");
    assertInvalid(options("fields.name.start", "1"), "'fields.name.start'", "length");
    assertInvalid(options("fields.id.kind", "sequence", "fields.id.end", "99", "number-of-rows", "1000"),
        "'number-of-rows'", "'fields.id.end'", "(100)");
    assertInvalid(options(), new Column[0], "needs the columns");
    assertInvalid(options("fields.n.start", "300"), new Column[] {column("n", TypeKind.TINYINT)}, "'fields.n.start'",
        "between -128 and 127");
    assertInvalid(options(), new Column[] {column("t", TypeKind.TIME)}, "'t'", "TIME");
  }

  @Test
  void anUnboundedGeneratorIsNotATable() {
    SluiceException e = assertThrows(SluiceException.class,
        () -> new DatagenConnectorFactory().create(source("s", options("connector", "datagen"), COLUMNS)));
    assertEquals(ErrorCode.INVALID_OPTION, e.code());
    assertTrue(e.getMessage().contains("CREATE SOURCE") && e.getMessage().contains("'number-of-rows'"), e.getMessage());
  }

  @Test
  void durationsAndTimesParse() {
    assertEquals(1000, SourceOptions.durationMicros("k", "1"));
    assertEquals(1000, SourceOptions.durationMicros("k", "1 ms"));
    assertEquals(250, SourceOptions.durationMicros("k", "250us"));
    assertEquals(500, SourceOptions.durationMicros("k", "0.5 ms"));
    assertEquals(2_000_000, SourceOptions.durationMicros("k", "2 s"));
    assertEquals(1704067200000L, SourceOptions.timestamp("k", "2024-01-01 00:00:00"));
    assertEquals(1704067200123L, SourceOptions.timestamp("k", "2024-01-01T00:00:00.123"));
    assertEquals(1704067200000L, SourceOptions.timestamp("k", "2024-01-01T00:00:00Z"));
    assertEquals(1704067200000L, SourceOptions.timestamp("k", "2024-01-01"));
  }
}
