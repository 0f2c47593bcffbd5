package io.sluice.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * The options of {@code sluice} that come before or between a command's words: the database (a
 * folder as first word, or {@code --db}), access limits, {@code --debug}, {@code --ui [port]},
 * {@code -i FILE}, {@code --help} and {@code --version}; every other word is left for the command
 * ({@link Command#parse}). Parsing stops at {@code --help} or {@code --version}, which answer
 * whatever follows.
 */
final class GlobalOptions {
  /** Words that name a command, never a database folder. */
  private static final Set<String> COMMANDS = Set.of("run", "checkpoint", "replay", "example", "validate",
      "explain", "serve");

  boolean debug;
  final Properties properties = new Properties();
  String initFile;
  /** The web UI's port, or null without {@code --ui}. */
  String uiPort;
  String url = Main.URL;
  boolean help;
  boolean version;
  /** The command's words, in order. */
  final List<String> words = new ArrayList<>();

  private GlobalOptions() {}

  static GlobalOptions parse(String[] args) throws Main.UsageError {
    GlobalOptions o = new GlobalOptions();
    int first = 0;
    if (args.length > 0 && !args[0].startsWith("-") && !COMMANDS.contains(args[0])
        && Files.isDirectory(Path.of(args[0]))) {
      o.url = Main.URL + "file:" + args[0]; // sluice FOLDER
      first = 1;
    }
    for (int i = first; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--no-external-access":
          o.properties.setProperty("security.external-access", "off");
          break;
        case "--allowed-paths":
          o.properties.setProperty("security.allowed-paths",
              value(args, ++i, "'--allowed-paths' needs a comma-separated list of folders"));
          break;
        case "--debug":
          o.debug = true;
          break;
        case HttpPort.UI_OPTION:
          // the port is optional: a number after --ui is its port, anything else is the next word
          o.uiPort = i + 1 < args.length && args[i + 1].matches("\\d+") ? args[++i] : HttpPort.DEFAULT_UI_PORT;
          break;
        case "-i":
        case "--init":
          o.initFile = value(args, ++i, "'" + arg + "' needs a file of statements to run first");
          break;
        case "--db":
          o.url = Main.URL + "file:" + value(args, ++i, "--db needs a folder");
          break;
        case "-h":
        case "--help":
          o.help = true;
          return o;
        case "-V":
        case "--version":
          o.version = true;
          return o;
        default:
          o.words.add(arg);
      }
    }
    return o;
  }

  /** {@code args[i]}, the value of the option before it. */
  private static String value(String[] args, int i, String missing) throws Main.UsageError {
    if (i >= args.length) {
      throw new Main.UsageError(missing);
    }
    return args[i];
  }
}
