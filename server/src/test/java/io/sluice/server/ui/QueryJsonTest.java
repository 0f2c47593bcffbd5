package io.sluice.server.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.jdbc.ContinuousQueryProgress;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The web page's query API: each batch's event times (Spark's {@code eventTime}) or null, its five
 * phases and its checkpoint, and a replay command only for the batches the checkpoint keeps.
 */
class QueryJsonTest {
  private static final ContinuousQueryProgress.Phases PHASES =
      new ContinuousQueryProgress.Phases(0.001, 0.002, 0.003, 0.004, 0.005);

  private static ContinuousQueryProgress.Batch batch(long id, ContinuousQueryProgress.EventTime eventTime,
      ContinuousQueryProgress.CheckpointWrite checkpoint) {
    return new ContinuousQueryProgress.Batch(id, 1_000 * (id + 1), 0, 3, 0, PHASES, id == 0 ? null : 4_000L, 0, 0, 0,
        id, List.of(), Map.of("bids", "3"), eventTime, checkpoint);
  }

  private static String detail(ContinuousQueryProgress q) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    QueryJson.writeDetail(q, "pipeline.sql", out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aBatchShowsTheEventTimesItReadAndItsPhases() throws Exception {
    ContinuousQueryProgress q = new ContinuousQueryProgress("q1", "counts", "running", 2, 3, 0,
        List.of(batch(0, new ContinuousQueryProgress.EventTime(10_000, 14_000, 12_000), null), batch(1, null, null)),
        "INSERT INTO counts ...", "", "manual", "append", null, false, null);
    String json = detail(q);
    assertTrue(json.contains("\"eventTime\":{\"min\":10000,\"max\":14000,\"avg\":12000}"), json);
    assertTrue(json.contains("\"eventTime\":null"), json);
    assertTrue(json.contains("\"malformedRows\":{\"dropped\":0,\"kept\":0},\"deadLetterRows\":1,"), json);
    assertTrue(json.contains("\"durationSeconds\":{\"plan\":0.001,\"read\":0.002,\"execute\":0.003,\"sink\":0.004,"
        + "\"commit\":0.005},\"checkpoint\":null"), json);
    assertFalse(json.contains("\"replay\""), "no checkpoint, nothing to replay: " + json);
  }

  @Test
  void onlyTheBatchesTheCheckpointKeepsHaveAReplayCommand() throws Exception {
    ContinuousQueryProgress.CheckpointWrite written = new ContinuousQueryProgress.CheckpointWrite(1234, 0.0125);
    ContinuousQueryProgress q = new ContinuousQueryProgress("q1", "counts", "running", 5, 3, 0,
        List.of(batch(2, null, written), batch(3, null, written), batch(4, null, written)),
        "INSERT INTO counts ...", "", "manual", "append", null, true, 3L);
    String json = detail(q);
    assertTrue(json.contains("\"checkpoint\":{\"bytes\":1234,\"seconds\":0.0125}"), json);
    assertTrue(json.contains("\"firstReplayableBatch\":3"), json);
    assertFalse(json.contains("sluice replay --batch 2 "), json);
    assertTrue(json.contains("\"replay\":\"sluice replay --batch 3 --sink counts pipeline.sql\""), json);
    assertTrue(json.contains("\"replay\":\"sluice replay --batch 4 --sink counts pipeline.sql\""), json);
  }
}
