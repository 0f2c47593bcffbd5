package io.sluice.runtime.state.backend;

/**
 * The disk state backend of one continuous query ({@code pipeline.state.backend = 'disk'}): opens
 * a {@link KeyValueStore} per stateful operator under the query's working folder and says how
 * many bytes of state each operator may keep on the heap as its cache of hot keys. Without it
 * (the {@code heap} backend, the default) operators keep all their state on the heap.
 */
public interface DiskStateBackend extends AutoCloseable {
  /** The option that chooses the backend: {@code 'heap'} (default) or {@code 'disk'}. */
  String OPTION = "pipeline.state.backend";

  /** A new, empty store for operator {@code operatorName}, deleted when closed. */
  KeyValueStore open(String operatorName);

  /**
   * The query's state folder, where an operator may also put temporary files of its own (a
   * snapshot spooled while written); made with the first store {@link #open} opens, null before.
   */
  java.nio.file.Path folder();

  /** Bytes of state an operator keeps on the heap before it moves groups to its store. */
  long cacheBytes();

  /** Closes every store it opened and deletes their files: the query ended. */
  @Override
  void close();
}
