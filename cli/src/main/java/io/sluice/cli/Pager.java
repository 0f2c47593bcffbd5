package io.sluice.cli;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Shows a finished result taller than the terminal through a pager, as psql does: the command in
 * {@code PAGER} (run by {@code /bin/sh}, so it may carry options; set but empty means none), or
 * else {@code less -SFRX} when {@code less} is on the {@code PATH} (-S cuts long lines instead of
 * wrapping them, -F leaves at once when the text fits, -R keeps the dimmed NULLs, -X leaves the
 * text on the screen after quitting). Only the interactive shell has one; streaming results never
 * go through it.
 */
final class Pager {
  static final String DEFAULT = "less -SFRX";
  /** The shell's exit status when the pager's program does not exist. */
  private static final int COMMAND_NOT_FOUND = 127;

  private final String command;

  private Pager(String command) {
    this.command = command;
  }

  /** The pager the environment names, or null when there is none. */
  static Pager fromEnvironment(Map<String, String> environment) {
    String pager = environment.get("PAGER");
    if (pager != null) {
      return pager.isBlank() ? null : new Pager(pager.strip());
    }
    return onPath("less", environment.get("PATH")) ? new Pager(DEFAULT) : null;
  }

  private static boolean onPath(String program, String path) {
    if (path == null) {
      return false;
    }
    for (String folder : path.split(File.pathSeparator)) {
      if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, program))) {
        return true;
      }
    }
    return false;
  }

  /** The command that is run. */
  String command() {
    return command;
  }

  /** Whether text of {@code lines} lines needs the pager on a terminal {@code height} rows high (0: unknown). */
  static boolean needed(int lines, int height) {
    return height > 0 && lines > height - 2; // the row count and the next prompt follow the text
  }

  /**
   * Writes {@code text} to the pager and waits until the user leaves it. Returns false when the
   * pager could not be started; then nothing was shown and the caller prints the text itself.
   */
  boolean show(String text, Charset charset) {
    Process process;
    try {
      process = new ProcessBuilder(List.of("/bin/sh", "-c", command))
          .redirectOutput(ProcessBuilder.Redirect.INHERIT)
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
    } catch (IOException e) {
      return false;
    }
    try (OutputStream in = process.getOutputStream()) {
      in.write(text.getBytes(charset));
    } catch (IOException e) {
      // the user left the pager before reading everything: the rest is not wanted
    }
    try {
      return process.waitFor() != COMMAND_NOT_FOUND;
    } catch (InterruptedException e) {
      process.destroy();
      Thread.currentThread().interrupt();
      return true;
    }
  }
}
