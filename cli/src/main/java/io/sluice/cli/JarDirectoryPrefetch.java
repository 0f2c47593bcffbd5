package io.sluice.cli;

/**
 * Reads the directory of the jar Sluice runs from on a daemon thread while {@code main} goes on,
 * so that a short command's main thread does not read it itself.
 *
 * <p>The class-data archive holds every class a short command loads, but the jar is still opened
 * at the first resource or service looked up on the class path (Guava's cache starts
 * {@code java.util.logging}, which asks the class path for a logging back end; Calcite reads its
 * properties file; Sluice its function table). Opening it reads the central directory of its
 * 58,000 entries, about 40 ms of CPU interpreted. The class loader opens a jar under a lock and
 * keeps it open, so the main thread finds it open, or waits for the rest of the read, and never
 * reads it twice. The thread touches only the JDK's class-path and zip classes, none of Sluice's
 * or Calcite's (whose static initialisers, run on two threads at once, could deadlock).
 * {@link CdsTraining} starts it as {@link Main} does, so that this class is in the class-data
 * archive: loading it from the jar would open the jar on the main thread.
 *
 * <p>{@code -Dsluice.jar-prefetch=false} turns it off (for a before/after of start-up).
 */
final class JarDirectoryPrefetch implements Runnable {
  /** A resource every jar has: looking it up opens the first jar of the class path. */
  private static final String RESOURCE = "META-INF/MANIFEST.MF";

  private JarDirectoryPrefetch() {}

  /** Starts the read, unless switched off; returns the thread, or null. */
  static Thread start() {
    if (!Boolean.parseBoolean(System.getProperty("sluice.jar-prefetch", "true"))) {
      return null;
    }
    Thread thread = new Thread(new JarDirectoryPrefetch(), "sluice-jar-prefetch");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  @Override
  public void run() {
    ClassLoader.getSystemClassLoader().getResource(RESOURCE);
  }
}
