package io.sluice.engine.statement;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.NameMatcher;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.stream.DeduplicationScope;
import io.sluice.catalog.stream.WindowEmit;
import io.sluice.engine.batch.WatermarkPolicy;
import io.sluice.optimizer.RuleBatch;
import io.sluice.optimizer.RuleBatches;
import io.sluice.runtime.memory.MemoryBudget;
import io.sluice.runtime.parallel.Parallelism;
import io.sluice.runtime.spill.SpillSpace;
import io.sluice.runtime.state.backend.DiskStateBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The session options that SET accepts, with their checks. */
public final class Options {
  static final String BATCH_PREFIX = "optimizer.batch.";
  static final String SNAPSHOT_INTERVAL = "pipeline.checkpoint.snapshot-interval";
  /** Whether a checkpoint's due full snapshots are written in the background ('on', the default, or 'off'). */
  static final String BACKGROUND_SNAPSHOTS = "pipeline.checkpoint.background-snapshots";
  /**
   * The port of the session's live web page on 127.0.0.1, or 'off'. It belongs to the session
   * alone: a database folder does not save it, and queries do not carry it.
   */
  public static final String UI_PORT = "ui.port";

  /** Keys accepted as they are; values checked by {@link #check}. */
  static final Set<String> KEYS = Set.of(
      "pipeline.trigger", "pipeline.checkpoint", "pipeline.name", "pipeline.output-mode", "pipeline.progress",
      "pipeline.late-rows-sink", "pipeline.state-ttl", "pipeline.checkpoint-retain", "pipeline.dead-letter-sink",
      SNAPSHOT_INTERVAL, BACKGROUND_SNAPSHOTS, "pipeline.watermark-policy", "pipeline.idle-timeout", "pipeline.no-data-batches",
      WindowEmit.EARLY_FIRE, WindowEmit.ALLOWED_LATENESS, DeduplicationScope.OPTION,
      MemoryBudget.OPTION, Parallelism.OPTION, DiskStateBackend.OPTION, "execution.batch-size", SpillSpace.PATH_OPTION, UI_PORT, ExternalAccess.ACCESS_KEY, ExternalAccess.PATHS_KEY);

  /** The values that apply while an option is not set; an option missing here has none (NULL). */
  static final Map<String, String> DEFAULTS = Map.ofEntries(
      Map.entry("pipeline.trigger", "continuous"),
      Map.entry("pipeline.checkpoint-retain", "20"),
      Map.entry(SNAPSHOT_INTERVAL, "10"),
      Map.entry(BACKGROUND_SNAPSHOTS, "on"),
      Map.entry("pipeline.watermark-policy", "min"),
      Map.entry("pipeline.no-data-batches", "on"),
      Map.entry(WindowEmit.EARLY_FIRE, "off"),
      Map.entry(WindowEmit.ALLOWED_LATENESS, "off"),
      Map.entry(DeduplicationScope.OPTION, "off"),
      Map.entry(UI_PORT, "off"),
      Map.entry(DiskStateBackend.OPTION, "heap"),
      // the budget's default is a share of this JVM's heap, shown as the size it comes to here
      Map.entry(MemoryBudget.OPTION, (MemoryBudget.defaultBytes() >> 20) + "m"),
      Map.entry(Parallelism.OPTION, String.valueOf(Parallelism.defaultValue())));

  private Options() {}

  /** Every option SET accepts, sorted: {@link #KEYS} and one {@code optimizer.batch.NAME} per batch. */
  public static List<String> allKeys() {
    Set<String> all = new TreeSet<>(KEYS);
    for (RuleBatch b : RuleBatches.DEFAULT) {
      all.add(BATCH_PREFIX + b.name());
    }
    return new ArrayList<>(all);
  }

  /** The value that applies while {@code key} is not set, or null. */
  public static String defaultValue(String key) {
    return key.startsWith(BATCH_PREFIX) ? "on" : DEFAULTS.get(key);
  }

  /** Validates a SET and returns the value to store. */
  public static String check(String key, String value) {
    String k = key.toLowerCase(Locale.ROOT);
    if (k.startsWith(BATCH_PREFIX)) {
      String batch = k.substring(BATCH_PREFIX.length());
      List<String> names = new ArrayList<>();
      for (RuleBatch b : RuleBatches.DEFAULT) {
        names.add(b.name());
        if (b.name().equals(batch)) {
          String v = value.toLowerCase(Locale.ROOT);
          if (!v.equals("on") && !v.equals("off")) {
            throw new SluiceException(ErrorCode.INVALID_OPTION,
                "Option '" + key + "' takes 'on' or 'off', not '" + value + "'");
          }
          if (b.required() && v.equals("off")) {
            throw new SluiceException(ErrorCode.INVALID_OPTION, "Optimizer batch '" + batch
                + "' cannot be switched off: queries cannot run without it");
          }
          return v;
        }
      }
      throw new SluiceException(ErrorCode.INVALID_OPTION, "Unknown optimizer batch '" + batch + "'."
          + NameMatcher.hint(batch, names) + " Batches: " + String.join(", ", names));
    }
    if (!KEYS.contains(k)) {
      Set<String> known = new TreeSet<>(KEYS);
      known.add(BATCH_PREFIX + "<name>");
      throw new SluiceException(ErrorCode.INVALID_OPTION, "Unknown option '" + key + "'."
          + NameMatcher.hint(k, KEYS) + " Known options: " + String.join(", ", known));
    }
    if (k.equals("pipeline.trigger")) {
      io.sluice.engine.stream.Trigger.parse(value);
    }
    if (k.equals("pipeline.output-mode") && !Set.of("append", "update", "complete")
        .contains(value.trim().toLowerCase(Locale.ROOT))) {
      throw new SluiceException(ErrorCode.INVALID_OPTION, "Option 'pipeline.output-mode' takes 'append', 'update'"
          + " or 'complete', not '" + value + "'");
    }
    if (k.equals("pipeline.state-ttl")) {
      stateTtlMillis(value);
    }
    if (k.equals(MemoryBudget.OPTION)) {
      MemoryBudget.parse(value);
    }
    if (k.equals(Parallelism.OPTION)) {
      return String.valueOf(Parallelism.parse(value));
    }
    if (k.equals(DiskStateBackend.OPTION)) {
      return diskStateBackend(value) ? "disk" : "heap";
    }
    if (k.equals("pipeline.checkpoint-retain")) {
      checkpointRetain(value);
    }
    if (k.equals(SNAPSHOT_INTERVAL)) {
      snapshotInterval(value);
    }
    if (k.equals(SpillSpace.PATH_OPTION) && value.isBlank()) {
      throw new SluiceException(ErrorCode.INVALID_OPTION, "Option '" + key + "' takes a folder");
    }
    if (k.equals(WatermarkPolicy.OPTION)) {
      return WatermarkPolicy.parse(value).name().toLowerCase(Locale.ROOT);
    }
    if (k.equals("pipeline.idle-timeout")) {
      idleTimeoutMillis(value);
    }
    if (k.equals(WindowEmit.EARLY_FIRE) || k.equals(WindowEmit.ALLOWED_LATENESS)) {
      WindowEmit.check(k, value);
    }
    if (k.equals(DeduplicationScope.OPTION)) {
      return DeduplicationScope.of(value).withinWatermark() ? "on" : "off";
    }
    if (k.equals("pipeline.no-data-batches") || k.equals(BACKGROUND_SNAPSHOTS)) {
      return onOff(k, value) ? "on" : "off";
    }
    if (k.equals(UI_PORT)) {
      return uiPort(value);
    }
    if (k.equals("execution.batch-size")) {
      try {
        int n = Integer.parseInt(value.trim());
        if (n < 1 || n > 1 << 20) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        throw new SluiceException(ErrorCode.INVALID_OPTION,
            "Option 'execution.batch-size' takes a whole number from 1 to 1048576, not '" + value + "'");
      }
    }
    return value;
  }

  /**
   * The {@code pipeline.state-ttl} option in milliseconds: a positive interval such as '30 s',
   * '10 minutes', '2 hours' or '1 day'.
   */
  static long stateTtlMillis(String value) {
    return io.sluice.catalog.Durations.positiveMillis("pipeline.state-ttl", value);
  }

  /**
   * The {@code pipeline.state.memory} option in bytes: what the sorts, aggregations and hash joins
   * of a batch query hold together (in equal shares) before they spill to disk: the same budget
   * a continuous query's state is held to ({@link MemoryBudget#defaultBytes()} when not set).
   */
  static long operatorMemory(String value) {
    return value == null ? MemoryBudget.defaultBytes() : MemoryBudget.parse(value);
  }

  /**
   * Whether the {@code pipeline.state.backend} option asks for the disk backend: 'heap' (the
   * default, also when not set) or 'disk'.
   */
  static boolean diskStateBackend(String value) {
    String v = value == null ? "heap" : value.trim().toLowerCase(Locale.ROOT);
    if (!v.equals("heap") && !v.equals("disk")) {
      throw new SluiceException(ErrorCode.INVALID_OPTION, "Option '" + DiskStateBackend.OPTION + "' takes 'heap' or"
          + " 'disk', not '" + value + "'");
    }
    return v.equals("disk");
  }

  /** The folder working files (spill files, the disk backend's stores) go under: {@code execution.spill-path} or java.io.tmpdir. */
  static java.nio.file.Path workingFolder(String spillPath) {
    return java.nio.file.Paths.get(spillPath != null ? spillPath : System.getProperty("java.io.tmpdir"));
  }

  /**
   * The {@code pipeline.idle-timeout} option in milliseconds: how long a source may read no row
   * before it stops holding the watermark back ('30 s', '5 minutes'); {@link Long#MAX_VALUE} when
   * not set (never).
   */
  static long idleTimeoutMillis(String value) {
    return value == null || value.isBlank() ? Long.MAX_VALUE
        : io.sluice.catalog.Durations.positiveMillis("pipeline.idle-timeout", value);
  }

  /** Whether {@code key} belongs to the session alone, never saved with the database or a query. */
  public static boolean isSessionOnly(String key) {
    return key.equalsIgnoreCase(UI_PORT);
  }

  /** The {@code ui.port} option: a port from 0 (any free one) to 65535, or 'off'. */
  private static String uiPort(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("off")) {
      return v;
    }
    if (v.matches("\\d{1,5}") && Integer.parseInt(v) <= 65535) {
      return String.valueOf(Integer.parseInt(v));
    }
    throw new SluiceException(ErrorCode.INVALID_OPTION, "Option '" + UI_PORT + "' takes a port from 0 (any free"
        + " one) to 65535, or 'off', not '" + value + "'");
  }

  /** An option that takes 'on' or 'off'. */
  static boolean onOff(String key, String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (!v.equals("on") && !v.equals("off")) {
      throw new SluiceException(ErrorCode.INVALID_OPTION, "Option '" + key + "' takes 'on' or 'off', not '" + value
          + "'");
    }
    return v.equals("on");
  }

  /** The {@code pipeline.checkpoint-retain} option: how many last batches a checkpoint keeps (default 20). */
  static int checkpointRetain(String value) {
    return batches("pipeline.checkpoint-retain", value, 20);
  }

  /**
   * The {@code pipeline.checkpoint.snapshot-interval} option: every how many batches a checkpoint
   * takes a full snapshot of an operator's state, writing only what changed in between (default 10;
   * 1 for a full snapshot every batch).
   */
  static int snapshotInterval(String value) {
    return batches(SNAPSHOT_INTERVAL, value, 10);
  }

  /** An option that counts batches, from 1 to 1,000,000; {@code otherwise} when it is not set. */
  private static int batches(String key, String value, int otherwise) {
    if (value == null) {
      return otherwise;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 1 && n <= 1_000_000) {
        return n;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new SluiceException(ErrorCode.INVALID_OPTION, "Option '" + key + "' takes a whole number of batches from 1"
        + " to 1000000, not '" + value + "'");
  }

  /** The optimizer batches the session switched off. */
  static Set<String> disabledBatches(Map<String, String> options) {
    Set<String> disabled = new TreeSet<>();
    for (Map.Entry<String, String> e : options.entrySet()) {
      if (e.getKey().startsWith(BATCH_PREFIX) && e.getValue().equals("off")) {
        disabled.add(e.getKey().substring(BATCH_PREFIX.length()));
      }
    }
    return disabled;
  }
}
