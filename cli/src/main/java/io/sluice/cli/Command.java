package io.sluice.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command of a command line, once {@code --debug}, {@code --help} and {@code --version} are
 * taken out: its name ("" for none, "-c", "run", "checkpoint show", "checkpoint check",
 * "replay", "example"), its one argument (SQL text, a file or a folder) and its options.
 */
record Command(String name, String argument, Map<String, String> options) {

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
      return new Command("", null, Map.of());
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
        return new Command("-c", rest.get(0), Map.of());
      case "-f":
      case "run":
        return withOptions("run", first, rest, Set.of("--checkpoint"), "a file name");
      case "example":
        return withOptions("example", first, rest, Set.of(), null);
      case "replay": {
        Command replay = withOptions("replay", first, rest, Set.of("--checkpoint", "--batch", "--sink", "--out"),
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
      case "checkpoint": {
        String sub = rest.isEmpty() ? "" : rest.get(0);
        List<String> more = rest.subList(Math.min(1, rest.size()), rest.size());
        if (sub.equals("show")) {
          return withOptions("checkpoint show", "checkpoint show", more, Set.of(), "a checkpoint folder");
        }
        if (sub.equals("check")) {
          return withOptions("checkpoint check", "checkpoint check", more, Set.of("--checkpoint"), "a pipeline file");
        }
        throw new Main.UsageError("'checkpoint' takes 'show DIR' or 'check [--checkpoint DIR] FILE.sql'"
            + (sub.isEmpty() ? "" : ", not '" + sub + "'"));
      }
      default:
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
        if (equals >= 0) {
          value = word.substring(equals + 1);
        } else if (i + 1 < words.size()) {
          value = words.get(++i);
        } else {
          throw new Main.UsageError("'" + option + "' needs a value");
        }
        options.put(option, value);
      } else if (argument == null && needs != null) {
        argument = word;
      } else {
        throw new Main.UsageError("unexpected argument '" + word + "'");
      }
    }
    if (argument == null && needs != null) {
      throw new Main.UsageError("'" + typed + "' needs " + needs);
    }
    return new Command(name, argument, Map.copyOf(options));
  }
}
