package io.sluice.sqlparser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlNode;
import org.junit.jupiter.api.Test;

/** The dialect example of DESIGN.md, end to end through splitter, statement parser and Calcite. */
class PipelineScriptTest {
  private static final String SCRIPT = """
      -- bounded data
      CREATE TABLE customer (id BIGINT, name VARCHAR);                       -- in memory
      CREATE TABLE sales WITH (connector = 'files', path = 'data/sales.parquet', format = 'parquet');
      -- streams and sinks
      CREATE SOURCE bids (auction BIGINT, price BIGINT, ts TIMESTAMP(3),
                          WATERMARK FOR ts AS ts - INTERVAL '4' SECOND)
        WITH (connector = 'files', path = 'in/', format = 'csv');
      CREATE SINK hot WITH (connector = 'files', path = 'out/', format = 'parquet');
      SET 'pipeline.trigger' = '1 second';          -- or 'once', 'available-now'
      SET 'pipeline.checkpoint' = 'ckpt/';
      INSERT INTO hot
      SELECT window_start, auction, COUNT(*) AS bids
      FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND))
      GROUP BY window_start, window_end, auction;
      """;

  @Test
  void everyStatementOfTheDesignExampleParses() {
    List<StatementText> texts = ScriptSplitter.split(SCRIPT);
    List<Statement> statements = texts.stream().map(text -> StatementParser.parse(text.text())).toList();
    assertEquals(7, statements.size());
    assertEquals(List.of(2, 3, 5, 8, 9, 10, 11), texts.stream().map(StatementText::line).toList());

    CreateTable customer = assertInstanceOf(CreateTable.class, statements.get(0));
    assertEquals(List.of("id", "name"), customer.columns().stream().map(ColumnDefinition::name).toList());
    CreateTable sales = assertInstanceOf(CreateTable.class, statements.get(1));
    assertEquals("data/sales.parquet", sales.options().get("path"));

    CreateSource bids = assertInstanceOf(CreateSource.class, statements.get(2));
    assertEquals("ts", bids.watermark().column());
    SqlNode delay = CalciteSql.parseExpression(bids.watermark().expression());
    assertEquals("`ts` - INTERVAL '4' SECOND", delay.toString());
    // The expression's position, mapped through statement and script, lands on "ts - ...".
    int[] inStatement = bids.watermark().expression().toOuterPosition(1, 1);
    int[] inScript = texts.get(2).toScriptPosition(inStatement[0], inStatement[1]);
    assertEquals(List.of(6, 41), List.of(inScript[0], inScript[1]));

    assertEquals(new SetOption("pipeline.trigger", "1 second"), statements.get(4));
    assertEquals(new SetOption("pipeline.checkpoint", "ckpt/"), statements.get(5));

    Insert insert = assertInstanceOf(Insert.class, statements.get(6));
    assertEquals("hot", insert.target());
    assertEquals(Map.of("connector", "files", "path", "out/", "format", "parquet"),
        assertInstanceOf(CreateSink.class, statements.get(3)).options());
    CalciteSql.parseQuery(insert.query());
  }
}
