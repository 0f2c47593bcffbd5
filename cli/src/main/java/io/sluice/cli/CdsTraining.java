package io.sluice.cli;

/**
 * The training run of the class-data archive that {@code mvn package} writes beside the jar
 * ({@code cli/pom.xml}): runs what users start most, so that the classes those commands load are
 * in the archive already parsed and verified. The tour ({@code sluice example}: DDL, files,
 * Parquet, EXPLAIN, a stream) and then a short {@code -c} command, whose path (its Ctrl-C handling,
 * a VALUES query, the result printer) the tour does not take. With every class a short command
 * needs in the archive, {@code bin/sluice -c} reads nothing of the jar but its resources.
 */
public final class CdsTraining {
  private CdsTraining() {}

  public static void main(String[] args) {
    JarDirectoryPrefetch.start(); // as Main.main does: its class must come from the archive, not the jar
    int status = Main.run(new String[] {"example"}, System.in, System.out, System.err, false);
    if (status == 0) {
      status = Main.run(new String[] {"-c", "SELECT 1; SELECT x + 1 AS y, name FROM (VALUES (1, 'a')) AS t(x, name);"},
          System.in, System.out, System.err, false);
    }
    System.out.flush();
    System.exit(status);
  }
}
