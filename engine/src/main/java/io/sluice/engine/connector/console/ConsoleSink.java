package io.sluice.engine.connector.console;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.NameMatcher;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.connector.StreamSink;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.Values;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.catalog.stream.RowKind;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints every committed batch ({@code CREATE SINK s WITH (connector = 'console')}):
 *
 * <pre>
 * -- batch 3 (update)
 * -U | 7 | tea
 * +U | 7 | NULL
 * -- 12 more rows not shown (max-rows 2)
 * </pre>
 *
 * <p>Every row starts with its kind ({@code +I}, {@code -U}, {@code +U}, {@code -D}), in every
 * output mode: one format whatever the query, and an append query's rows read as the inserts
 * they are. Values are shown as {@link Values#format} gives them, NULL as {@code NULL}, columns
 * separated by {@code " | "}; text is printed as it is, without quoting.
 *
 * <p>Options: {@code stream} ({@code stdout}, the default, or {@code stderr}) and
 * {@code max-rows}, the most rows printed per batch (the rest are counted on a last line).
 * A batch is printed when it commits, in one piece, so an aborted batch prints nothing and
 * batches of concurrent queries do not interleave. A batch id at or below the last one printed
 * is ignored: a batch run again after a failure is printed once.
 */
public final class ConsoleSink implements StreamSink {
  static final String STREAM = "stream";
  static final String MAX_ROWS = "max-rows";
  private static final List<String> KEYS = List.of("connector", STREAM, MAX_ROWS);

  private final String name;
  private final PrintStream out;
  private final long maxRows;
  private final TableSchema declared;
  private final Object lock = new Object();
  private long lastPrinted = -1;

  /** @param maxRows the most rows printed per batch, 0 for all */
  ConsoleSink(String name, PrintStream out, long maxRows, TableSchema declared) {
    this.name = name;
    this.out = out;
    this.maxRows = maxRows;
    this.declared = declared;
  }

  static ConsoleSink open(TableDefinition definition) {
    Map<String, String> options = definition.options();
    for (String key : options.keySet()) {
      if (!KEYS.contains(key)) {
        throw invalid("Unknown option '" + key + "' for connector 'console'." + NameMatcher.hint(key, KEYS)
            + " Valid options: " + String.join(", ", KEYS) + ".");
      }
    }
    String stream = options.getOrDefault(STREAM, "stdout").trim().toLowerCase(Locale.ROOT);
    PrintStream out;
    if (stream.equals("stdout")) {
      out = System.out;
    } else if (stream.equals("stderr")) {
      out = System.err;
    } else {
      throw invalid("Unknown value '" + options.get(STREAM) + "' for option 'stream': valid values are stdout,"
          + " stderr." + NameMatcher.hint(stream, List.of("stdout", "stderr")));
    }
    long maxRows = 0;
    String maxText = options.get(MAX_ROWS);
    if (maxText != null) {
      try {
        maxRows = Long.parseLong(maxText.trim());
      } catch (NumberFormatException e) {
        maxRows = -1;
      }
      if (maxRows <= 0) {
        throw invalid("Option 'max-rows' must be a positive integer, not '" + maxText + "'.");
      }
    }
    TableSchema schema = definition.schema();
    return new ConsoleSink(definition.name(), out, maxRows, schema == null || schema.size() == 0 ? null : schema);
  }

  private static SluiceException invalid(String message) {
    return new SluiceException(ErrorCode.INVALID_OPTION, message);
  }

  @Override
  public TableSchema schema() {
    return declared;
  }

  @Override
  public BatchWriter open(long batchId, OutputMode mode, TableSchema schema) {
    synchronized (lock) {
      if (batchId <= lastPrinted) {
        return IGNORED_BATCH;
      }
    }
    TableSchema shape = schema == null ? declared : schema;
    if (shape == null) {
      throw new SluiceException(ErrorCode.INTERNAL_ERROR, "Sink '" + name + "' was opened without a schema");
    }
    return new Writer(batchId, mode, shape);
  }

  @Override
  public boolean takesChangelog() {
    return true;
  }

  @Override
  public String describe() {
    return "console" + (out == System.err ? " stderr" : "") + (maxRows > 0 ? " max-rows " + maxRows : "");
  }

  private final class Writer implements BatchWriter {
    private final long batchId;
    private final List<DataType> types;
    private final StringBuilder text = new StringBuilder();
    private long rows;
    private boolean done;

    Writer(long batchId, OutputMode mode, TableSchema schema) {
      this.batchId = batchId;
      this.types = schema.types();
      text.append("-- batch ").append(batchId).append(" (").append(mode.name().toLowerCase(Locale.ROOT))
          .append(")\n");
    }

    @Override
    public void write(Batch batch, byte[] kinds) {
      if (done) {
        throw new SluiceException(ErrorCode.INTERNAL_ERROR, "Batch " + batchId + " of sink '" + name
            + "' is already committed or closed");
      }
      int count = batch.rowCount();
      for (int k = 0; k < count && (maxRows == 0 || rows + k < maxRows); k++) {
        int row = batch.row(k);
        text.append(RowKind.symbol(kinds == null ? RowKind.INSERT : kinds[row]));
        for (int c = 0; c < types.size(); c++) {
          String value = Values.format(types.get(c), batch.columns[c], row);
          text.append(" | ").append(value == null ? "NULL" : value);
        }
        text.append('\n');
      }
      rows += count;
    }

    @Override
    public void commit() {
      if (done) {
        return;
      }
      done = true;
      if (maxRows > 0 && rows > maxRows) {
        text.append("-- ").append(rows - maxRows).append(rows - maxRows == 1 ? " more row" : " more rows")
            .append(" not shown (max-rows ").append(maxRows).append(")\n");
      }
      synchronized (lock) {
        if (batchId <= lastPrinted) {
          return;
        }
        out.print(text);
        out.flush();
        lastPrinted = batchId;
      }
    }

    @Override
    public void close() {
      done = true;
    }
  }
}
