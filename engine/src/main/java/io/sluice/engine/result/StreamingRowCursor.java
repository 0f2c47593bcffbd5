package io.sluice.engine.result;

import io.sluice.catalog.data.Batches;
import io.sluice.catalog.DataType;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.Values;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Rows of a running query as they are produced: the plan runs on its own thread and hands
 * copies of its output batches over a small bounded queue, so a large result is never held in
 * memory at once and the first rows arrive before the last are computed.
 *
 * <p>The first batch (or the end, or an error) is awaited before {@link #start} returns, so a
 * query that fails at once fails where it is executed. Later errors surface from {@link #next}.
 * {@link #close} stops the query.
 */
public final class StreamingRowCursor implements RowCursor {
  private static final int QUEUE_BATCHES = 4;
  private static final Object END = new Object();
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final String IDLE_THREAD_NAME = "sluice-query-idle";
  /**
   * The threads that run results' plans, one per open result, each kept a minute after its query
   * ends: a short query (a prepared point lookup) would otherwise pay for starting a thread and
   * ending it, more than the rest of its run. Daemons, so an open result never keeps a JVM alive.
   */
  private static final ExecutorService QUERY_THREADS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60,
      TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
        Thread thread = new Thread(task, IDLE_THREAD_NAME);
        thread.setDaemon(true);
        return thread;
      });

  private final TableSchema schema;
  private final List<DataType> types;
  private final Function<Throwable, RuntimeException> errors;
  private static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();

  /**
   * What the producer thread shares with the cursor. The producer holds only this, never the
   * cursor, so a cursor its user forgot to close can be collected, and the cleaner then closes
   * the channel and stops the producer.
   */
  private static final class Channel {
    final ArrayBlockingQueue<Object> queue;
    volatile boolean closed;
    /** The statement's cancellation: the producer runs with it installed, the consumer watches it. */
    final Cancellation cancellation;

    Channel(Cancellation cancellation, int capacity) {
      this.cancellation = cancellation;
      this.queue = new ArrayBlockingQueue<>(capacity);
    }
  }

  private final Channel channel;
  private final ArrayBlockingQueue<Object> queue;
  private volatile java.util.function.Supplier<LiveQuery> query = () -> null;
  private boolean continuous;
  private boolean changelog;
  private Object pending;
  private Batch current;
  private int rowInBatch = -1;
  private long position;
  private boolean finished;
  /** Whether the producer ran to its end before the cursor was handed out ({@link #runHere}). */
  private boolean producerDone;

  /** Thrown inside the producer when the consumer has closed the cursor. */
  private static final class Cancelled extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Cancelled() {
      super(null, null, false, false);
    }
  }

  private StreamingRowCursor(TableSchema schema, Function<Throwable, RuntimeException> errors, int capacity) {
    Cancellation current = Cancellation.current();
    this.channel = new Channel(current != null ? current : new Cancellation(), capacity);
    this.queue = channel.queue;
    Channel shared = channel;
    channel.cancellation.onCancel(() -> shared.closed = true);
    this.schema = schema;
    this.types = schema.types();
    this.errors = errors;
  }

  /** Where {@link #warnings} come from: the plan that produces the rows. */
  private java.util.function.Supplier<List<String>> warnings = List::of;

  /** Tells the cursor where to read the warnings about rows its plan rejected (the plan's, as it runs). */
  public StreamingRowCursor warningsFrom(java.util.function.Supplier<List<String>> warnings) {
    this.warnings = warnings;
    return this;
  }

  @Override
  public List<String> warnings() {
    return warnings.get();
  }

  /**
   * Starts {@code producer} on its own thread, handing it the consumer of the cursor's rows, and
   * returns once its first rows are ready. The producer returns when it has no more rows;
   * the consumer throws to stop it when the cursor is closed.
   */
  public static StreamingRowCursor start(TableSchema schema, java.util.function.Consumer<BatchConsumer> producer,
      Function<Throwable, RuntimeException> errors) {
    return start(schema, producer, errors, true);
  }

  /**
   * As {@link #start(TableSchema, java.util.function.Consumer, Function)}; without
   * {@code awaitFirst} it returns at once, for continuous queries whose first rows may be far off.
   */
  public static StreamingRowCursor start(TableSchema schema, java.util.function.Consumer<BatchConsumer> producer,
      Function<Throwable, RuntimeException> errors, boolean awaitFirst) {
    StreamingRowCursor cursor = new StreamingRowCursor(schema, errors, QUEUE_BATCHES);
    STARTED_ON_THREADS.incrementAndGet();
    Channel channel = cursor.channel;
    List<DataType> types = cursor.types;
    CLEANER.register(cursor, () -> stop(channel));
    QUERY_THREADS.execute(() -> {
      Thread thread = Thread.currentThread();
      thread.setName("sluice-query-" + THREADS.incrementAndGet());
      try {
        channel.cancellation.runWith(() -> {
          produce(producer, channel, types);
          return null;
        });
      } finally {
        Thread.interrupted(); // a cancelled query's interrupt is not the next one's
        thread.setName(IDLE_THREAD_NAME);
      }
    });
    if (!awaitFirst) {
      return cursor;
    }
    cursor.pending = cursor.take();
    if (cursor.pending instanceof Throwable) {
      cursor.finished = true;
      throw errors.apply((Throwable) cursor.pending);
    }
    return cursor;
  }

  /**
   * Runs {@code producer} to its end on the calling thread and returns a cursor over what it
   * produced, or null, having stopped it, once its output passes {@link #HELD_BATCHES} batches or
   * {@link #HELD_ROWS} rows: then nothing was handed out, and the caller starts the query again
   * on its own thread ({@link #start}). For a small bounded query this saves two hand-overs
   * between threads, which on a busy machine each wait for a core (a prepared point query took
   * milliseconds so instead of microseconds). Errors, cancellation and the rows before an error
   * behave as with {@link #start}.
   */
  public static StreamingRowCursor runHere(TableSchema schema, java.util.function.Consumer<BatchConsumer> producer,
      Function<Throwable, RuntimeException> errors) {
    StreamingRowCursor cursor = new StreamingRowCursor(schema, errors, HELD_BATCHES + 1);
    Channel channel = cursor.channel;
    List<DataType> types = cursor.types;
    long[] rows = {0};
    boolean[] overflow = {false};
    Object last;
    try {
      channel.cancellation.runWith(() -> {
        producer.accept(batch -> {
          if (batch.rowCount() == 0) {
            return;
          }
          rows[0] += batch.rowCount();
          // the queue holds HELD_BATCHES + 1: the last place is for the end or the error
          if (rows[0] > HELD_ROWS || channel.queue.remainingCapacity() <= 1
              || !channel.queue.offer(Batches.compactCopy(batch, types))) {
            overflow[0] = true;
            throw new Cancelled();
          }
        });
        return null;
      });
      last = END;
    } catch (Throwable failure) {
      if (overflow[0]) {
        return null;
      }
      last = failure;
    }
    if (last == END && channel.cancellation.isCancelled()) {
      last = channel.cancellation.error(); // stopped by the cancellation, not at its end
    }
    channel.queue.add(last);
    cursor.producerDone = true;
    cursor.pending = cursor.queue.poll();
    if (cursor.pending instanceof Throwable) {
      cursor.finished = true;
      throw errors.apply((Throwable) cursor.pending);
    }
    return cursor;
  }

  private static final AtomicLong STARTED_ON_THREADS = new AtomicLong();

  /** How many results this process started on threads of their own ({@link #start}), for tests. */
  public static long startedOnThreads() {
    return STARTED_ON_THREADS.get();
  }

  /** The most batches {@link #runHere} holds before it leaves the query to a thread of its own. */
  static final int HELD_BATCHES = 16;
  /** The most rows {@link #runHere} holds before it leaves the query to a thread of its own. */
  static final long HELD_ROWS = 16_384;

  private static void produce(java.util.function.Consumer<BatchConsumer> producer, Channel channel,
      List<DataType> types) {
    try {
      producer.accept(batch -> {
        if (batch.rowCount() > 0) {
          put(channel, Batches.compactCopy(batch, types));
        }
      });
      if (channel.cancellation.isCancelled()) {
        return; // stopped by the cancellation, not at its end: the consumer reports the cancellation
      }
      put(channel, END);
    } catch (Cancelled cancelled) {
      // the consumer closed the cursor
    } catch (Throwable failure) {
      try {
        put(channel, failure);
      } catch (Cancelled cancelled) {
        // closed meanwhile: nobody is left to tell
      }
    }
  }

  private static void put(Channel channel, Object item) {
    try {
      while (!channel.queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
        if (channel.closed) {
          throw new Cancelled();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Cancelled();
    }
    if (channel.closed) {
      throw new Cancelled();
    }
  }

  /**
   * The next item of the producer, waiting for it; a cancellation ends the wait (polled, so that
   * nothing needs to be woken: at most one check per {@link #POLL_MILLIS}). What the query
   * produced before it was cancelled is still handed out, the end included: a result read in
   * time is not failed by a timeout that fires later.
   */
  private Object take() {
    try {
      Object ready = queue.poll();
      if (ready != null) {
        return ready;
      }
      while (true) {
        channel.cancellation.check();
        Object item = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (item != null) {
          return item;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop(channel);
      throw errors.apply(e);
    } catch (RuntimeException cancelled) {
      stop(channel);
      throw cancelled;
    }
  }

  private static final long POLL_MILLIS = 50;

  /** Stops the producer: it ends at its next batch, or, waiting for a trigger, at once. */
  private static void stop(Channel channel) {
    channel.closed = true;
    channel.cancellation.cancel("The result was closed");
  }

  /** The statement's cancellation: cancelling it makes a blocked {@link #next} fail with its error. */
  public Cancellation cancellation() {
    return channel.cancellation;
  }

  /**
   * Marks these rows as those of a continuous query (a SELECT over streams), named by
   * {@code running} once it runs, for its progress; {@code changelog} when an 'op' column first
   * gives each row's kind.
   */
  public void describedBy(java.util.function.Supplier<LiveQuery> running, boolean changelog) {
    this.query = running;
    this.continuous = true;
    this.changelog = changelog;
  }

  @Override
  public boolean continuous() {
    return continuous;
  }

  @Override
  public boolean changelog() {
    return changelog;
  }

  @Override
  public LiveQuery query() {
    return query.get();
  }

  @Override
  public boolean ready() {
    return (current != null && rowInBatch + 1 < current.rowCount()) || pending != null || finished
        || !queue.isEmpty();
  }

  @Override
  public TableSchema schema() {
    return schema;
  }

  @Override
  public boolean next() {
    while (true) {
      if (current != null && rowInBatch + 1 < current.rowCount()) {
        rowInBatch++;
        position++;
        return true;
      }
      if (finished) {
        return false;
      }
      Object item = pending != null ? pending : take();
      pending = null;
      if (item == END) {
        finished = true;
        current = null;
        return false;
      }
      if (item instanceof Throwable) {
        finished = true;
        current = null;
        throw errors.apply((Throwable) item);
      }
      current = (Batch) item;
      rowInBatch = -1;
    }
  }

  private int physicalRow() {
    if (current == null || rowInBatch < 0) {
      throw new IllegalStateException("No current row: call next() first");
    }
    return current.row(rowInBatch);
  }

  @Override
  public boolean isNull(int column) {
    return current.columns[column].isNull(physicalRow());
  }

  @Override
  public Object getObject(int column) {
    return Values.toJava(types.get(column), current.columns[column], physicalRow());
  }

  @Override
  public String getString(int column) {
    return Values.format(types.get(column), current.columns[column], physicalRow());
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public void close() {
    if (!finished && !producerDone) {
      stop(channel); // the producer may still run (after its end or an error, it has returned)
    }
    finished = true;
    current = null;
    pending = null;
    queue.clear();
  }
}
