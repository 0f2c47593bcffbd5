package io.sluice.catalog.function;

import java.util.List;

/**
 * One function as users see it: its name, how it is called, the forms they write, what it does,
 * and examples whose results a test checks; for a function Sluice declares itself, also its types.
 *
 * @param signatures the forms users write, such as {@code LPAD(string, length [, padding])}
 * @param description one sentence
 * @param declaration the types, null behaviour and determinism of a scalar function Sluice declares
 *     itself; null for a function whose operator comes from Calcite's tables
 */
public record FunctionInfo(String name, FunctionKind kind, FunctionCategory category, List<String> signatures,
    String description, List<Example> examples, ScalarDeclaration declaration) {

  public FunctionInfo {
    signatures = List.copyOf(signatures);
    examples = List.copyOf(examples);
  }

  /**
   * A statement and the rows it returns, each row as its columns' display text joined by
   * {@code " | "}, with {@code NULL} for a null.
   */
  public record Example(String sql, List<String> result) {
    public Example {
      result = List.copyOf(result);
    }
  }
}
