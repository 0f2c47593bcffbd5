package io.sluice.optimizer.functions;

import io.sluice.catalog.function.FunctionCategory;
import io.sluice.catalog.function.FunctionInfo;
import io.sluice.catalog.function.ScalarDeclaration;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The functions Sluice runs, read once from {@code functions.json} beside this class. The file is
 * the only place a function is declared; SHOW FUNCTIONS, the shell's help and JDBC metadata all
 * read it through here, and a test runs every example in it. A scalar function that Calcite's
 * operator tables lack is declared with its types there too (its {@code operator}: a
 * {@link ScalarDeclaration}), from which {@link DeclaredFunctions} makes the validator's operator;
 * one that Calcite's library has (LEFT, STRPOS, ...) names that operator instead (its {@code library}).
 *
 * <p>A running Sluice reads the file's compact form ({@link FunctionTableFile}), which the build writes
 * beside it from the file: parsing the JSON (with Jackson's classes) was a tenth of the start-up of
 * {@code sluice -c "SELECT 1"}. A test checks that the two hold the same functions.
 */
public final class FunctionRegistry {
  static final String RESOURCE = "functions.json";

  /** By upper-case name, in name order. */
  private final Map<String, FunctionInfo> byName;
  /** Function name to the constant of Calcite's {@code SqlLibraryOperators} that validates it. */
  private final Map<String, String> libraryOperators;

  FunctionRegistry(List<FunctionInfo> functions, Map<String, String> libraryOperators) {
    Map<String, FunctionInfo> map = new TreeMap<>();
    for (FunctionInfo f : functions) {
      if (map.put(f.name(), f) != null) {
        throw new IllegalStateException(RESOURCE + ": function " + f.name() + " is declared twice");
      }
    }
    this.byName = map;
    this.libraryOperators = Map.copyOf(libraryOperators);
  }

  /** The registry of the functions this build supports. */
  public static FunctionRegistry instance() {
    return Loaded.REGISTRY;
  }

  /** Read on first use, after this class's own constants are set. */
  private static final class Loaded {
    static final FunctionRegistry REGISTRY = load();
  }

  /** All functions, in name order. */
  public List<FunctionInfo> all() {
    return List.copyOf(byName.values());
  }

  /** Function names in upper case, in order. */
  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /** The function with this name, in any case. */
  public Optional<FunctionInfo> lookup(String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(byName.get(name.strip().toUpperCase(Locale.ROOT)));
  }

  /**
   * The functions whose validator operator is one of Calcite's library operators: function name to
   * the name of the constant in {@code SqlLibraryOperators} ({@code "CONCAT"} to {@code "CONCAT_FUNCTION"}).
   */
  public Map<String, String> libraryOperators() {
    return libraryOperators;
  }

  /** The functions of a category, in name order. */
  public List<FunctionInfo> inCategory(FunctionCategory category) {
    return byName.values().stream().filter(f -> f.category() == category)
        .sorted(Comparator.comparing(FunctionInfo::name)).toList();
  }

  /** Reads a registry in the format of functions.json; a mistake in the file fails with its function's name. */
  public static FunctionRegistry parse(InputStream in) throws IOException {
    return FunctionsJson.parse(in);
  }

  private static FunctionRegistry load() {
    try (InputStream in = FunctionRegistry.class.getResourceAsStream(FunctionTableFile.RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(FunctionTableFile.RESOURCE + " is missing from the class path; the build"
            + " writes it from " + RESOURCE);
      }
      return FunctionTableFile.read(new BufferedInputStream(in));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + FunctionTableFile.RESOURCE, e);
    }
  }
}
