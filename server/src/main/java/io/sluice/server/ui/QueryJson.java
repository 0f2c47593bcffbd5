package io.sluice.server.ui;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.sluice.jdbc.ContinuousQueryProgress;
import io.sluice.jdbc.ContinuousQueryProgress.Batch;
import io.sluice.jdbc.ContinuousQueryProgress.OperatorState;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * The web page's JSON API: the continuous queries and, per query, its recent batches, written with
 * Jackson's streaming generator from what the driver reports ({@link ContinuousQueryProgress}).
 * Durations are in seconds, times in epoch milliseconds, sizes in bytes.
 */
final class QueryJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private QueryJson() {}

  /** {@code {"queries": [summary, ...]}}: one summary per query, without batches or plan. */
  static void writeList(List<ContinuousQueryProgress> queries, OutputStream out) throws IOException {
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      json.writeStartObject();
      json.writeArrayFieldStart("queries");
      for (ContinuousQueryProgress q : queries) {
        json.writeStartObject();
        writeSummary(q, json);
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
  }

  /**
   * One query: its summary, plan, recent batches ("recentBatches", oldest first) and, for each
   * batch its checkpoint still keeps, the command that replays it, ending with {@code pipeline}
   * (the run's options and file, or a placeholder where they are not known).
   */
  static void writeDetail(ContinuousQueryProgress q, String pipeline, OutputStream out) throws IOException {
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      json.writeStartObject();
      writeSummary(q, json);
      json.writeStringField("text", q.text());
      json.writeStringField("plan", q.plan());
      json.writeArrayFieldStart("recentBatches");
      for (Batch b : q.recentBatches()) {
        writeBatch(q, b, pipeline, json);
      }
      json.writeEndArray();
      json.writeEndObject();
    }
  }

  private static void writeSummary(ContinuousQueryProgress q, JsonGenerator json) throws IOException {
    json.writeStringField("id", q.id());
    json.writeStringField("status", q.status());
    json.writeStringField("sink", q.sink());
    json.writeStringField("trigger", q.trigger());
    json.writeStringField("outputMode", q.outputMode());
    json.writeStringField("error", q.error());
    json.writeBooleanField("checkpointed", q.checkpointed());
    if (q.firstReplayableBatch() == null) {
      json.writeNullField("firstReplayableBatch");
    } else {
      json.writeNumberField("firstReplayableBatch", q.firstReplayableBatch());
    }
    json.writeNumberField("batches", q.batches());
    json.writeNumberField("inputRows", q.inputRows());
    json.writeNumberField("outputRows", q.outputRows());
  }

  private static void writeBatch(ContinuousQueryProgress q, Batch b, String pipeline, JsonGenerator json)
      throws IOException {
    json.writeStartObject();
    json.writeNumberField("batchId", b.batchId());
    json.writeNumberField("start", b.startMillis());
    json.writeNumberField("inputRows", b.inputRows());
    json.writeNumberField("outputRows", b.outputRows());
    json.writeNumberField("inputRowsPerSecond", b.inputRowsPerSecond());
    json.writeNumberField("processedRowsPerSecond", b.processedRowsPerSecond());
    json.writeObjectFieldStart("durationSeconds");
    json.writeNumberField("plan", b.phases().planSeconds());
    json.writeNumberField("read", b.phases().readSeconds());
    json.writeNumberField("execute", b.phases().executeSeconds());
    json.writeNumberField("sink", b.phases().sinkSeconds());
    json.writeNumberField("commit", b.phases().commitSeconds());
    json.writeEndObject();
    if (b.checkpoint() == null) {
      json.writeNullField("checkpoint");
    } else {
      json.writeObjectFieldStart("checkpoint");
      json.writeNumberField("bytes", b.checkpoint().bytes());
      json.writeNumberField("seconds", b.checkpoint().seconds());
      json.writeEndObject();
    }
    if (b.watermark() == null) {
      json.writeNullField("watermark");
      json.writeNullField("watermarkLagSeconds");
    } else {
      json.writeNumberField("watermark", b.watermark());
      json.writeNumberField("watermarkLagSeconds", Math.max(0, b.startMillis() - b.watermark()) / 1000.0);
    }
    if (b.eventTime() == null) {
      json.writeNullField("eventTime");
    } else {
      json.writeObjectFieldStart("eventTime");
      json.writeNumberField("min", b.eventTime().min());
      json.writeNumberField("max", b.eventTime().max());
      json.writeNumberField("avg", b.eventTime().avg());
      json.writeEndObject();
    }
    json.writeNumberField("lateRows", b.lateRows());
    json.writeObjectFieldStart("malformedRows");
    json.writeNumberField("dropped", b.malformedRowsDropped());
    json.writeNumberField("kept", b.malformedRowsKept());
    json.writeEndObject();
    json.writeNumberField("deadLetterRows", b.deadLetterRows());
    json.writeArrayFieldStart("operators");
    for (OperatorState o : b.operators()) {
      json.writeStartObject();
      json.writeStringField("name", o.name());
      json.writeNumberField("stateRows", o.rows());
      json.writeNumberField("stateBytes", o.bytes());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeObjectFieldStart("endOffsets");
    for (Map.Entry<String, String> e : b.endOffsets().entrySet()) {
      json.writeStringField(e.getKey(), e.getValue());
    }
    json.writeEndObject();
    if (q.replayable(b.batchId()) && !q.sink().isEmpty()) {
      json.writeStringField("replay", "sluice replay --batch " + b.batchId() + " --sink " + q.sink() + " " + pipeline);
    }
    json.writeEndObject();
  }
}
