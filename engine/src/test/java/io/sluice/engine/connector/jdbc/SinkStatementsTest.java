package io.sluice.engine.connector.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The statements the jdbc sink sends, as the README documents them. */
class SinkStatementsTest {
  private final SinkStatements statements = new SinkStatements("public.totals", List.of("region", "day", "amount"),
      new int[] {1, 0}, "\"");

  @Test
  void appendInsertsEveryColumn() {
    assertEquals("INSERT INTO public.totals (\"region\", \"day\", \"amount\") VALUES (?, ?, ?)", statements.insert());
  }

  @Test
  void postgresqlUpsertsOnTheKeyAndSetsTheOtherColumns() {
    assertEquals("INSERT INTO public.totals (\"region\", \"day\", \"amount\") VALUES (?, ?, ?)"
        + " ON CONFLICT (\"day\", \"region\") DO UPDATE SET \"amount\" = EXCLUDED.\"amount\"",
        statements.insertOnConflict());
  }

  @Test
  void theGenericUpsertUpdatesByKeyWithTheKeyParametersLast() {
    assertEquals("UPDATE public.totals SET \"amount\" = ? WHERE \"day\" = ? AND \"region\" = ?", statements.update());
    assertArrayEquals(new int[] {2, 1, 0}, statements.updateOrder());
  }

  @Test
  void mergeMatchesOnTheKeyAndTakesEachValueWhereItsColumnTypesIt() {
    assertEquals("MERGE INTO public.totals AS sluice_target USING (VALUES (1)) AS sluice_source (one)"
        + " ON sluice_target.\"day\" = ? AND sluice_target.\"region\" = ? WHEN MATCHED THEN UPDATE SET \"amount\" = ?"
        + " WHEN NOT MATCHED THEN INSERT (\"region\", \"day\", \"amount\") VALUES (?, ?, ?)", statements.merge());
    assertArrayEquals(new int[] {1, 0, 2, 0, 1, 2}, statements.mergeOrder());
    SinkStatements keys = new SinkStatements("seen", List.of("id"), new int[] {0}, "\"");
    assertEquals("MERGE INTO seen AS sluice_target USING (VALUES (1)) AS sluice_source (one) ON sluice_target.\"id\" = ?"
        + " WHEN NOT MATCHED THEN INSERT (\"id\") VALUES (?)", keys.merge());
  }

  @Test
  void deletesByKeyOrEverything() {
    assertEquals("DELETE FROM public.totals WHERE \"day\" = ? AND \"region\" = ?", statements.deleteByKey());
    assertEquals("DELETE FROM public.totals", statements.deleteAll());
  }

  @Test
  void aTableOfKeysOnlyDoesNothingOnConflictAndUpdatesAKeyToItself() {
    SinkStatements keys = new SinkStatements("seen", List.of("id"), new int[] {0}, "\"");
    assertEquals("INSERT INTO seen (\"id\") VALUES (?) ON CONFLICT (\"id\") DO NOTHING", keys.insertOnConflict());
    assertEquals("UPDATE seen SET \"id\" = ? WHERE \"id\" = ?", keys.update());
  }

  @Test
  void aQuoteInAColumnNameIsDoubled() {
    SinkStatements odd = new SinkStatements("t", List.of("a\"b"), new int[0], "\"");
    assertEquals("INSERT INTO t (\"a\"\"b\") VALUES (?)", odd.insert());
  }

  @Test
  void aPasswordInTheUrlIsHidden() {
    assertEquals("jdbc:postgresql://h/db?user=app&password=***&ssl=true",
        JdbcSinkOptions.redact("jdbc:postgresql://h/db?user=app&password=pw&ssl=true"));
    assertEquals("jdbc:mysql://app:***@h/db", JdbcSinkOptions.redact("jdbc:mysql://app:pw@h/db"));
  }
}
