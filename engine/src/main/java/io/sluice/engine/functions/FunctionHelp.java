package io.sluice.engine.functions;

import io.sluice.catalog.function.FunctionCategory;
import io.sluice.catalog.function.FunctionInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Help text about functions, as the shell prints it for {@code help functions} and {@code help <name>}. */
public final class FunctionHelp {
  /** Where lists of names wrap. */
  private static final int WIDTH = 100;

  private FunctionHelp() {}

  /** Every function of {@code functions} (in name order) by category, names only. */
  public static String list(List<FunctionInfo> functions) {
    StringBuilder text = new StringBuilder();
    for (FunctionCategory category : FunctionCategory.values()) {
      List<String> names = functions.stream().filter(f -> f.category() == category).map(FunctionInfo::name).toList();
      if (names.isEmpty()) {
        continue;
      }
      text.append(category.title()).append(" functions:\n");
      StringBuilder line = new StringBuilder(" ");
      for (int i = 0; i < names.size(); i++) {
        String name = names.get(i) + (i + 1 < names.size() ? "," : "");
        if (line.length() + 1 + name.length() > WIDTH) {
          text.append(line).append('\n');
          line = new StringBuilder(" ");
        }
        line.append(' ').append(name);
      }
      text.append(line).append("\n\n");
    }
    return text.append("Type 'help <function>' for its forms, what it does and an example.").toString();
  }

  /** One function: its forms, description and examples with their results. */
  public static String describe(FunctionInfo function) {
    StringBuilder text = new StringBuilder();
    for (String signature : function.signatures()) {
      text.append(signature).append('\n');
    }
    text.append("  ").append(function.description()).append('\n');
    text.append("  ").append(function.kind().label()).append(" function");
    if (!function.category().label().equals(function.kind().label())) {
      text.append(", ").append(function.category().title().toLowerCase(Locale.ROOT));
    }
    text.append('\n');
    text.append(function.examples().size() == 1 ? "Example:" : "Examples:");
    for (FunctionInfo.Example example : function.examples()) {
      text.append("\n  ").append(example.sql()).append(';');
      for (String row : example.result()) {
        text.append("\n    ").append(row);
      }
    }
    return text.toString();
  }

  /**
   * The text for {@code help <topic>} about {@code functions} (in name order): the list for
   * "functions", one function by name, or a message naming the closest functions when there is no
   * such function.
   */
  public static String topic(List<FunctionInfo> functions, String topic) {
    String wanted = topic.strip();
    if (wanted.equalsIgnoreCase("functions")) {
      return list(functions);
    }
    String upper = wanted.toUpperCase(Locale.ROOT);
    Optional<FunctionInfo> function = functions.stream().filter(f -> f.name().equals(upper)).findFirst();
    if (function.isPresent()) {
      return describe(function.get());
    }
    List<String> near = new ArrayList<>();
    for (String name : functions.stream().map(FunctionInfo::name).toList()) {
      if (!upper.isEmpty() && (name.contains(upper) || upper.contains(name))) {
        near.add(name);
      }
    }
    return "No function named '" + wanted + "'."
        + (near.isEmpty() ? "" : " Similar: " + String.join(", ", near) + ".")
        + " Type 'help functions' for the list.";
  }
}
