package io.sluice.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ${name}} and {@code ${name:-default}} in a pipeline file, replaced by the value given with
 * {@code --var name=value} or, failing that, by the environment variable of that name, or by the
 * default. {@code $${} stands for a literal {@code ${}. Replacement happens everywhere in the text
 * (string literals included, so that {@code path = '${DATA}/in'} works) except in comments. A
 * value is put in as it is: it is not quoted. A name is a letter or underscore followed by
 * letters, digits and underscores.
 */
final class Variables {
  private final Map<String, String> given;
  private final Map<String, String> environment;

  /** A reference that cannot be replaced: the message, and where it is (1-based). */
  static final class VariableError extends Exception {
    private static final long serialVersionUID = 1L;
    final int line;
    final int column;

    VariableError(String message, int line, int column) {
      super("At line " + line + ", column " + column + ": " + message);
      this.line = line;
      this.column = column;
    }
  }

  Variables(List<String> definitions, Map<String, String> environment) {
    this.given = new LinkedHashMap<>();
    for (String definition : definitions) {
      int equals = definition.indexOf('=');
      given.put(definition.substring(0, equals), definition.substring(equals + 1));
    }
    this.environment = environment;
  }

  /** A {@code --var} word, checked: {@code name=value} with a valid name. */
  static String checkDefinition(String definition) throws Main.UsageError {
    int equals = definition.indexOf('=');
    if (equals < 0) {
      throw new Main.UsageError("--var takes name=value, not '" + definition + "'");
    }
    String name = definition.substring(0, equals);
    if (!isName(name)) {
      throw new Main.UsageError("--var: '" + name + "' is not a variable name (a letter or _, then letters, digits"
          + " or _)");
    }
    return definition;
  }

  private static boolean isName(String name) {
    if (name.isEmpty() || !(Character.isLetter(name.charAt(0)) || name.charAt(0) == '_')) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /** The text with every reference replaced. */
  String apply(String text) throws VariableError {
    StringBuilder out = new StringBuilder(text.length());
    int line = 1;
    int lineStart = 0;
    char quote = 0; // the quote of the literal or quoted name we are in, or 0
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (quote == 0 && c == '-' && text.startsWith("--", i)) {
        int end = text.indexOf('\n', i);
        end = end < 0 ? text.length() : end;
        out.append(text, i, end);
        i = end;
        continue;
      }
      if (quote == 0 && c == '/' && text.startsWith("/*", i)) {
        int end = text.indexOf("*/", i + 2);
        end = end < 0 ? text.length() : end + 2;
        for (int k = i; k < end; k++) {
          if (text.charAt(k) == '\n') {
            line++;
            lineStart = k + 1;
          }
        }
        out.append(text, i, end);
        i = end;
        continue;
      }
      if (c == '\n') {
        line++;
        lineStart = i + 1;
      } else if (c == '\'' || c == '"') {
        // a doubled quote inside a literal closes and reopens it: the state comes out the same
        quote = quote == 0 ? c : quote == c ? 0 : quote;
      } else if (c == '$' && text.startsWith("$${", i)) {
        out.append("${");
        i += 3;
        continue;
      } else if (c == '$' && text.startsWith("${", i)) {
        int column = i - lineStart + 1;
        int close = text.indexOf('}', i + 2);
        int newline = text.indexOf('\n', i + 2);
        if (close < 0 || (newline >= 0 && newline < close)) {
          throw new VariableError("'${' is not closed by '}' on its line (write $${ for a literal ${)", line, column);
        }
        String inside = text.substring(i + 2, close);
        int dash = inside.indexOf(":-");
        String name = dash < 0 ? inside : inside.substring(0, dash);
        if (!isName(name)) {
          throw new VariableError("'${" + inside + "}' does not name a variable: ${name} or ${name:-default}, a name"
              + " being a letter or _ then letters, digits or _ (write $${ for a literal ${)", line, column);
        }
        String value = given.containsKey(name) ? given.get(name) : environment.get(name);
        if (value == null && dash >= 0) {
          value = inside.substring(dash + 2);
        }
        if (value == null) {
          throw new VariableError("variable '" + name + "' is not defined: give it with --var " + name
              + "=VALUE, in the environment, or write a default: ${" + name + ":-VALUE}", line, column);
        }
        out.append(value);
        i = close + 1;
        continue;
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }
}
