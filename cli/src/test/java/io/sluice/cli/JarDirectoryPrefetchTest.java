package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The read of the class path's first jar on a thread of its own, which must never hold the JVM up. */
class JarDirectoryPrefetchTest {
  @Test
  void readsOnADaemonThreadThatEndsWithoutAnError() throws Exception {
    List<Throwable> errors = new ArrayList<>();
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, error) -> errors.add(error));
    try {
      Thread thread = JarDirectoryPrefetch.start();
      assertNotNull(thread);
      assertTrue(thread.isDaemon(), "a daemon thread: the JVM exits without waiting for it");
      assertEquals("sluice-jar-prefetch", thread.getName());
      thread.join();
      assertFalse(thread.isAlive());
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(previous);
    }
    assertEquals(List.of(), errors);
  }

  @Test
  void aPropertySwitchesItOff() {
    String previous = System.getProperty("sluice.jar-prefetch");
    System.setProperty("sluice.jar-prefetch", "false");
    try {
      assertNull(JarDirectoryPrefetch.start());
    } finally {
      if (previous == null) {
        System.clearProperty("sluice.jar-prefetch");
      } else {
        System.setProperty("sluice.jar-prefetch", previous);
      }
    }
  }
}
