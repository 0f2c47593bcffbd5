package io.sluice.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command of a command line, once {@code --debug}, {@code --help} and {@code --version} are
 * taken out: its name ("" for none, "-c", "-f", "run", "serve", "validate", "explain", "checkpoint show",
 * "checkpoint check", "replay", "example"), its one argument (SQL text, a file or a folder), its
 * options (a flag such as {@code --supervise} has the value "") and its {@code --var name=value}
 * words, in order.
 */
record Command(String name, String argument, Map<String, String> options, List<String> variables) {
  /** Options of the commands that read a pipeline file. */
  private static final Set<String> FILE_OPTIONS = Set.of("--var");
  private static final Set<String> RUN_OPTIONS = Set.of("--checkpoint", "--var", "--progress", "--supervise",
      "--max-restarts", HttpPort.OPTION);
  /** Options that take no value. */
  private static final Set<String> FLAGS = Set.of("--supervise");

  boolean has(String option) {
    return options.containsKey(option);
  }

  String checkpoint() {
    return options.get("--checkpoint");
  }

  long batch() {
    return Long.parseLong(options.get("--batch"));
  }

  String sink() {
    return options.get("--sink");
  }

  String out() {
    return options.get("--out");
  }

  static Command parse(List<String> words) throws Main.UsageError {
    if (words.isEmpty()) {
      return new Command("", null, Map.of(), List.of());
    }
    String first = words.get(0);
    List<String> rest = words.subList(1, words.size());
    switch (first) {
      case "-c":
        if (rest.isEmpty()) {
          throw new Main.UsageError("'-c' needs SQL text");
        }
        if (rest.size() > 1) {
          throw new Main.UsageError("unexpected argument '" + rest.get(1) + "'");
        }
        return new Command("-c", rest.get(0), Map.of(), List.of());
      case "-f":
      case "run": {
        // -f runs statements as they come (those before an error have run); run checks the file first
        Command run = withOptions(first, first, rest, RUN_OPTIONS, "a file name");
        String limit = run.options().get("--max-restarts");
        if (limit != null && !limit.matches("\\d{1,9}")) {
          throw new Main.UsageError("--max-restarts takes a number, not '" + limit + "'");
        }
        if (limit != null && !run.has("--supervise")) {
          throw new Main.UsageError("--max-restarts goes with --supervise");
        }
        return run;
      }
      case "validate":
      case "explain":
        return withOptions(first, first, rest, FILE_OPTIONS, "a pipeline file");
      case "example":
        return withOptions("example", first, rest, Set.of(), null);
      case "replay": {
        Command replay = withOptions("replay", first, rest,
            Set.of("--checkpoint", "--batch", "--sink", "--out", "--var"),
            "a pipeline file");
        String batch = replay.options().get("--batch");
        if (batch == null) {
          throw new Main.UsageError("'replay' needs --batch N, the batch to run again");
        }
        if (!batch.matches("\\d{1,18}")) {
          throw new Main.UsageError("--batch takes a batch number, not '" + batch + "'");
        }
        return replay;
      }
      case "serve":
        return withOptions("serve", first, rest, ServeCommand.OPTIONS, null);
      case "checkpoint": {
        String sub = rest.isEmpty() ? "" : rest.get(0);
        List<String> more = rest.subList(Math.min(1, rest.size()), rest.size());
        if (sub.equals("show")) {
          return withOptions("checkpoint show", "checkpoint show", more, Set.of(), "a checkpoint folder");
        }
        if (sub.equals("check")) {
          return withOptions("checkpoint check", "checkpoint check", more, Set.of("--checkpoint", "--var"),
              "a pipeline file");
        }
        throw new Main.UsageError("'checkpoint' takes 'show DIR' or 'check [--checkpoint DIR] FILE.sql'"
            + (sub.isEmpty() ? "" : ", not '" + sub + "'"));
      }
      default:
        if (!first.startsWith("-") && (first.toLowerCase(java.util.Locale.ROOT).endsWith(".sql")
            || java.nio.file.Files.isRegularFile(java.nio.file.Path.of(first)))) {
          // sluice pipeline.sql [options]: the same as sluice run
          return parse(prepend("run", words));
        }
        throw new Main.UsageError((first.startsWith("-") ? "unknown option '" : "unknown command '") + first + "'");
    }
  }

  /**
   * A command that takes {@code allowed} options ({@code --name value} or {@code --name=value}) and,
   * when {@code needs} names it, exactly one argument.
   */
  private static Command withOptions(String name, String typed, List<String> words, Set<String> allowed,
      String needs) throws Main.UsageError {
    Map<String, String> options = new HashMap<>();
    List<String> variables = new ArrayList<>();
    String argument = null;
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      if (word.startsWith("--")) {
        int equals = word.indexOf('=');
        String option = equals < 0 ? word : word.substring(0, equals);
        if (!allowed.contains(option)) {
          throw new Main.UsageError("'" + typed + "' has no option '" + option + "'"
              + (allowed.isEmpty() ? "" : "; it takes " + String.join(", ", new java.util.TreeSet<>(allowed))));
        }
        String value;
        if (FLAGS.contains(option)) {
          if (equals >= 0) {
            throw new Main.UsageError("'" + option + "' takes no value");
          }
          value = "";
        } else if (equals >= 0) {
          value = word.substring(equals + 1);
        } else if (i + 1 < words.size()) {
          value = words.get(++i);
        } else {
          throw new Main.UsageError("'" + option + "' needs a value");
        }
        if (option.equals("--var")) {
          variables.add(Variables.checkDefinition(value));
        } else {
          options.put(option, value);
        }
      } else if (argument == null && needs != null) {
        argument = word;
      } else {
        throw new Main.UsageError("unexpected argument '" + word + "'");
      }
    }
    if (argument == null && needs != null) {
      throw new Main.UsageError("'" + typed + "' needs " + needs);
    }
    return new Command(name, argument, Map.copyOf(options), List.copyOf(variables));
  }

  private static List<String> prepend(String word, List<String> words) {
    List<String> all = new ArrayList<>(words);
    all.add(0, word);
    return all;
  }
}
