package io.sluice.server.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.jdbc.ContinuousQueryProgress;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The web page's query API carries each batch's event times (Spark's {@code eventTime}), or null. */
class QueryJsonTest {
  @Test
  void aBatchShowsTheEventTimesItRead() throws Exception {
    ContinuousQueryProgress.Batch read = new ContinuousQueryProgress.Batch(0, 1_000, 0, 3, 0, 0, 0, 0, null, 0, 0, 0,
        List.of(), Map.of("bids", "3"), new ContinuousQueryProgress.EventTime(10_000, 14_000, 12_000));
    ContinuousQueryProgress.Batch empty = new ContinuousQueryProgress.Batch(1, 2_000, 0, 0, 0, 0, 0, 0, 4_000L, 0, 0,
        0, List.of(), Map.of("bids", "3"), null);
    ContinuousQueryProgress q = new ContinuousQueryProgress("q1", "counts", "running", 2, 3, 0, List.of(read, empty),
        "INSERT INTO counts ...", "", "manual", "append", null, false);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    QueryJson.writeDetail(q, "pipeline.sql", out);
    String json = out.toString(StandardCharsets.UTF_8);
    assertTrue(json.contains("\"eventTime\":{\"min\":10000,\"max\":14000,\"avg\":12000}"), json);
    assertTrue(json.contains("\"eventTime\":null"), json);
  }
}
