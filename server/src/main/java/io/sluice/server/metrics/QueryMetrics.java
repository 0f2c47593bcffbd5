package io.sluice.server.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import io.sluice.jdbc.ContinuousQueryProgress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The continuous queries of a database as Prometheus metrics, read at each scrape from what SHOW
 * QUERIES and SHOW PROGRESS compute (no bookkeeping on the batch path). Names follow Prometheus'
 * conventions: the {@code sluice_} prefix, base units ({@code _seconds}, {@code _bytes}), counters
 * ending in {@code _total}; every series is labelled with its {@code query} and {@code sink}.
 *
 * <p>Late, malformed and dead-letter rows, and checkpoints (count, bytes, seconds), are counted from
 * the batches a query keeps in its recent history: a scrape adds the batches it had not seen, so a
 * scrape interval that spans more batches than the history holds undercounts them. The checkpoint
 * counters sit beside gauges of the last batch's checkpoint ({@code sluice_query_last_checkpoint_*}),
 * named apart because a counter {@code x_total} and a gauge {@code x} are one family to Prometheus.
 */
public final class QueryMetrics implements MultiCollector {
  private final Supplier<List<ContinuousQueryProgress>> queries;
  private final LongSupplier clock;
  /** Per query: what its batches added up to so far. */
  private final Map<String, Totals> counted = new HashMap<>();

  public QueryMetrics(Supplier<List<ContinuousQueryProgress>> queries, LongSupplier clock) {
    this.queries = queries;
    this.clock = clock;
  }

  @Override
  public synchronized MetricSnapshots collect() {
    CounterSnapshot.Builder inputRows = counter("sluice_query_input_rows", "Rows read by the query from its sources");
    CounterSnapshot.Builder outputRows = counter("sluice_query_output_rows", "Rows the query wrote to its sink");
    CounterSnapshot.Builder batches = counter("sluice_query_batches", "Batches the query committed");
    CounterSnapshot.Builder lateRows = counter("sluice_query_late_rows",
        "Rows behind the watermark, dropped or sent to the late-rows sink");
    CounterSnapshot.Builder malformed = counter("sluice_query_malformed_rows",
        "Malformed source rows, by what was done with them (dropped, kept)");
    CounterSnapshot.Builder deadLetters = counter("sluice_query_dead_letter_rows",
        "Rows whose expressions failed, set aside to the dead-letter sink");
    CounterSnapshot.Builder failures = counter("sluice_query_failures", "Queries that failed (0 or 1 per query)");
    GaugeSnapshot.Builder duration = gauge("sluice_query_batch_duration_seconds",
        "Duration of the query's last batch by phase: plan, read, execute, sink, commit (they add up to the batch)",
        Unit.SECONDS);
    CounterSnapshot.Builder checkpoints = counter("sluice_query_checkpoints", "Batches whose checkpoint the query wrote");
    CounterSnapshot.Builder checkpointBytesTotal = counter("sluice_query_checkpoint_bytes",
        "Bytes of the files the query's batches wrote to its checkpoint").unit(Unit.BYTES);
    CounterSnapshot.Builder checkpointSecondsTotal = counter("sluice_query_checkpoint_duration_seconds",
        "Time the query's checkpoints took: capturing the state and writing its files").unit(Unit.SECONDS);
    GaugeSnapshot.Builder checkpointBytes = gauge("sluice_query_last_checkpoint_bytes",
        "Size of the files the query's last batch wrote to its checkpoint (offsets, state, commit record)",
        Unit.BYTES);
    GaugeSnapshot.Builder checkpointDuration = gauge("sluice_query_last_checkpoint_duration_seconds",
        "Time the checkpoint of the query's last batch took: capturing the state and writing its files", Unit.SECONDS);
    GaugeSnapshot.Builder lag = gauge("sluice_query_watermark_lag_seconds",
        "How far the watermark of the query's last batch is behind the wall clock", Unit.SECONDS);
    GaugeSnapshot.Builder stateRows = gauge("sluice_query_state_rows",
        "Rows (groups, buffered rows, keys) a stateful operator of the query keeps", null);
    GaugeSnapshot.Builder stateBytes = gauge("sluice_query_state_bytes",
        "Estimated size of the state a stateful operator of the query keeps", Unit.BYTES);
    GaugeSnapshot.Builder running = gauge("sluice_query_running", "1 while the query runs, else 0", null);
    long now = clock.getAsLong();
    for (ContinuousQueryProgress q : queries.get()) {
      Labels labels = Labels.of("query", q.id(), "sink", q.sink());
      inputRows.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(q.inputRows()).build());
      outputRows.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(q.outputRows()).build());
      batches.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(q.batches()).build());
      failures.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels)
          .value(q.status().equals("failed") ? 1 : 0).build());
      running.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels)
          .value(q.status().equals("running") ? 1 : 0).build());
      Totals totals = count(q);
      lateRows.dataPoint(counterPoint(labels, totals.lateRows));
      malformed.dataPoint(counterPoint(labels.add("action", "dropped"), totals.malformedDropped));
      malformed.dataPoint(counterPoint(labels.add("action", "kept"), totals.malformedKept));
      deadLetters.dataPoint(counterPoint(labels, totals.deadLetters));
      if (q.checkpointed()) {
        checkpoints.dataPoint(counterPoint(labels, totals.checkpoints));
        checkpointBytesTotal.dataPoint(counterPoint(labels, totals.checkpointBytes));
        checkpointSecondsTotal.dataPoint(counterPoint(labels, totals.checkpointSeconds));
      }
      if (q.recentBatches().isEmpty()) {
        continue;
      }
      ContinuousQueryProgress.Batch last = q.recentBatches().get(q.recentBatches().size() - 1);
      ContinuousQueryProgress.Phases phases = last.phases();
      duration.dataPoint(gaugePoint(labels.add("phase", "plan"), phases.planSeconds()));
      duration.dataPoint(gaugePoint(labels.add("phase", "read"), phases.readSeconds()));
      duration.dataPoint(gaugePoint(labels.add("phase", "execute"), phases.executeSeconds()));
      duration.dataPoint(gaugePoint(labels.add("phase", "sink"), phases.sinkSeconds()));
      duration.dataPoint(gaugePoint(labels.add("phase", "commit"), phases.commitSeconds()));
      if (last.checkpoint() != null) {
        checkpointBytes.dataPoint(gaugePoint(labels, last.checkpoint().bytes()));
        checkpointDuration.dataPoint(gaugePoint(labels, last.checkpoint().seconds()));
      }
      if (last.watermark() != null) {
        lag.dataPoint(gaugePoint(labels, Math.max(0, now - last.watermark()) / 1000.0));
      }
      for (ContinuousQueryProgress.OperatorState o : last.operators()) {
        stateRows.dataPoint(gaugePoint(labels.add("operator", o.name()), o.rows()));
        stateBytes.dataPoint(gaugePoint(labels.add("operator", o.name()), o.bytes()));
      }
    }
    List<MetricSnapshot> all = new ArrayList<>();
    all.add(inputRows.build());
    all.add(outputRows.build());
    all.add(batches.build());
    all.add(lateRows.build());
    all.add(malformed.build());
    all.add(deadLetters.build());
    all.add(failures.build());
    all.add(running.build());
    all.add(duration.build());
    all.add(checkpoints.build());
    all.add(checkpointBytesTotal.build());
    all.add(checkpointSecondsTotal.build());
    all.add(checkpointBytes.build());
    all.add(checkpointDuration.build());
    all.add(lag.build());
    all.add(stateRows.build());
    all.add(stateBytes.build());
    return new MetricSnapshots(all);
  }

  /** What a query's batches counted so far add up to, and the last batch counted. */
  private static final class Totals {
    long lastBatch = -1;
    long lateRows;
    long malformedDropped;
    long malformedKept;
    long deadLetters;
    long checkpoints;
    long checkpointBytes;
    double checkpointSeconds;
  }

  /** Adds the query's batches not counted yet to its totals. */
  private Totals count(ContinuousQueryProgress q) {
    Totals totals = counted.computeIfAbsent(q.id(), id -> new Totals());
    for (ContinuousQueryProgress.Batch b : q.recentBatches()) {
      if (b.batchId() > totals.lastBatch) {
        totals.lastBatch = b.batchId();
        totals.lateRows += b.lateRows();
        totals.malformedDropped += b.malformedRowsDropped();
        totals.malformedKept += b.malformedRowsKept();
        totals.deadLetters += b.deadLetterRows();
        if (b.checkpoint() != null) {
          totals.checkpoints++;
          totals.checkpointBytes += b.checkpoint().bytes();
          totals.checkpointSeconds += b.checkpoint().seconds();
        }
      }
    }
    return totals;
  }

  private static CounterSnapshot.CounterDataPointSnapshot counterPoint(Labels labels, double value) {
    return CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(value).build();
  }

  private static CounterSnapshot.Builder counter(String name, String help) {
    return CounterSnapshot.builder().name(name).help(help);
  }

  private static GaugeSnapshot.Builder gauge(String name, String help, Unit unit) {
    GaugeSnapshot.Builder builder = GaugeSnapshot.builder().name(name).help(help);
    return unit == null ? builder : builder.unit(unit);
  }

  private static GaugeSnapshot.GaugeDataPointSnapshot gaugePoint(Labels labels, double value) {
    return GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
  }
}
