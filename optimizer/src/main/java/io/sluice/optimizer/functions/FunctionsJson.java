package io.sluice.optimizer.functions;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.function.FunctionCategory;
import io.sluice.catalog.function.FunctionInfo;
import io.sluice.catalog.function.FunctionKind;
import io.sluice.catalog.function.ScalarDeclaration;
import io.sluice.catalog.function.ScalarDeclaration.NullBehavior;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads {@code functions.json}, the file where every function is declared, checking it: a mistake
 * fails with its function's name. The build turns it into {@link FunctionTableFile}'s compact form,
 * which is what a running Sluice reads; tests read the file itself through here.
 */
final class FunctionsJson {
  private static final String RESOURCE = FunctionRegistry.RESOURCE;

  private FunctionsJson() {}

  /** Reads a registry in the format of functions.json; a mistake in the file fails with its function's name. */
  static FunctionRegistry parse(InputStream in) throws IOException {
    Object document;
    try (JsonParser parser = new JsonFactory().createParser(in)) {
      parser.nextToken();
      document = value(parser);
    }
    List<FunctionInfo> functions = new ArrayList<>();
    Map<String, String> library = new TreeMap<>();
    for (Object entry : list(object(document, "the document"), "functions", "the document")) {
      Map<String, Object> json = object(entry, "a function");
      FunctionInfo function = function(json);
      functions.add(function);
      if (json.containsKey("library")) {
        library.put(function.name(), text(json, "library", "function " + function.name()));
      }
    }
    return new FunctionRegistry(functions, library);
  }

  private static final Set<String> FIELDS = Set.of("name", "kind", "category", "signatures", "description",
      "examples", "operator", "library");
  /** The value of 'deterministic' of a function with one value per statement (NOW()). */
  private static final String PER_STATEMENT = "per statement";
  private static final Set<String> OPERATOR_FIELDS = Set.of("arguments", "returns", "nulls", "deterministic");

  private static FunctionInfo function(Map<String, Object> json) {
    String name = text(json, "name", "a function");
    String where = "function " + name;
    if (!name.equals(name.toUpperCase(Locale.ROOT))) {
      throw new IllegalStateException(RESOURCE + ": " + where + " must be written in upper case");
    }
    for (String field : json.keySet()) {
      if (!FIELDS.contains(field)) {
        throw new IllegalStateException(RESOURCE + ": " + where + " has an unknown field '" + field + "'");
      }
    }
    FunctionKind kind = constant(FunctionKind.class, text(json, "kind", where), where);
    FunctionCategory category = constant(FunctionCategory.class, text(json, "category", where), where);
    List<String> signatures = new ArrayList<>();
    for (Object signature : list(json, "signatures", where)) {
      signatures.add(string(signature, where + " signatures"));
    }
    List<FunctionInfo.Example> examples = new ArrayList<>();
    for (Object example : list(json, "examples", where)) {
      Map<String, Object> e = object(example, where + " example");
      List<String> rows = new ArrayList<>();
      for (Object row : (List<?>) required(e, "result", where + " example")) {
        rows.add(string(row, where + " example result"));
      }
      examples.add(new FunctionInfo.Example(text(e, "sql", where + " example"), rows));
    }
    if (signatures.isEmpty() || examples.isEmpty()) {
      throw new IllegalStateException(RESOURCE + ": " + where + " needs at least one signature and one example");
    }
    ScalarDeclaration declaration = null;
    if (json.containsKey("operator") && json.containsKey("library")) {
      throw new IllegalStateException(RESOURCE + ": " + where + " has both an operator and a library operator");
    }
    if (json.containsKey("operator")) {
      if (kind != FunctionKind.SCALAR) {
        throw new IllegalStateException(RESOURCE + ": " + where + " declares an operator but is not scalar");
      }
      declaration = declaration(object(json.get("operator"), where + " operator"), where + " operator");
    }
    return new FunctionInfo(name, kind, category, signatures, text(json, "description", where), examples,
        declaration);
  }

  /** An {@code operator}: {@code {"arguments": [["VARCHAR", "BIGINT"], ...], "returns": "VARCHAR"}}. */
  private static ScalarDeclaration declaration(Map<String, Object> json, String where) {
    for (String field : json.keySet()) {
      if (!OPERATOR_FIELDS.contains(field)) {
        throw new IllegalStateException(RESOURCE + ": " + where + " has an unknown field '" + field + "'");
      }
    }
    List<List<TypeKind>> forms = new ArrayList<>();
    for (Object form : list(json, "arguments", where)) {
      if (!(form instanceof List<?> types)) {
        throw new IllegalStateException(RESOURCE + ": " + where + " 'arguments' must be lists of types, one per form");
      }
      List<TypeKind> kinds = new ArrayList<>();
      for (Object type : types) {
        kinds.add(type(string(type, where + " arguments"), where));
      }
      forms.add(kinds);
    }
    if (forms.isEmpty()) {
      throw new IllegalStateException(RESOURCE + ": " + where + " needs at least one form of 'arguments'");
    }
    String result = text(json, "returns", where);
    TypeKind returns = ScalarDeclaration.RESULT_TYPES.stream().filter(kind -> kind.sqlName().equals(result)).findFirst()
        .orElseGet(() -> type(result, where));
    if (returns == TypeKind.INTERVAL_DAY_TIME) {
      throw new IllegalStateException(RESOURCE + ": " + where + " returns an interval; a declared function takes"
          + " one as an argument only");
    }
    NullBehavior nulls = json.containsKey("nulls")
        ? constant(NullBehavior.class, text(json, "nulls", where), where) : NullBehavior.STRICT;
    Object deterministic = json.getOrDefault("deterministic", Boolean.TRUE);
    boolean perStatement = PER_STATEMENT.equals(deterministic);
    if (!(deterministic instanceof Boolean) && !perStatement) {
      throw new IllegalStateException(RESOURCE + ": " + where + " 'deterministic' must be true, false or '"
          + PER_STATEMENT + "'");
    }
    return new ScalarDeclaration(forms, returns, nulls, Boolean.TRUE.equals(deterministic), perStatement);
  }

  private static TypeKind type(String name, String where) {
    for (TypeKind kind : ScalarDeclaration.TYPES) {
      if (kind.sqlName().equals(name)) {
        return kind;
      }
    }
    throw new IllegalStateException(RESOURCE + ": " + where + " names the type '" + name
        + "'; a declared function takes and returns BIGINT, BOOLEAN, DOUBLE, VARCHAR or"
        + " TIMESTAMP (and may return DATE, and take INTERVAL DAY TO SECOND)");
  }

  private static <E extends Enum<E>> E constant(Class<E> type, String label, String where) {
    try {
      return Enum.valueOf(type, label.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(RESOURCE + ": " + where + " has an unknown " + type.getSimpleName()
          + " '" + label + "'", e);
    }
  }

  private static Object required(Map<String, Object> json, String field, String where) {
    Object value = json.get(field);
    if (value == null) {
      throw new IllegalStateException(RESOURCE + ": " + where + " has no '" + field + "'");
    }
    return value;
  }

  private static String text(Map<String, Object> json, String field, String where) {
    String text = string(required(json, field, where), where + " " + field);
    if (text.isBlank()) {
      throw new IllegalStateException(RESOURCE + ": " + where + " has an empty '" + field + "'");
    }
    return text;
  }

  private static List<?> list(Map<String, Object> json, String field, String where) {
    Object value = required(json, field, where);
    if (!(value instanceof List<?> list)) {
      throw new IllegalStateException(RESOURCE + ": " + where + " '" + field + "' must be a list");
    }
    return list;
  }

  private static String string(Object value, String where) {
    if (!(value instanceof String s)) {
      throw new IllegalStateException(RESOURCE + ": " + where + " must be strings");
    }
    return s;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object value, String where) {
    if (!(value instanceof Map)) {
      throw new IllegalStateException(RESOURCE + ": " + where + " must be an object");
    }
    return (Map<String, Object>) value;
  }

  /** The value at the parser's current token: a map, a list, a string, a number, a boolean or null. */
  private static Object value(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == null) {
      throw new IllegalStateException(RESOURCE + " ends early");
    }
    switch (token) {
      case START_OBJECT: {
        Map<String, Object> map = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String field = parser.currentName();
          parser.nextToken();
          map.put(field, value(parser));
        }
        return map;
      }
      case START_ARRAY: {
        List<Object> list = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          list.add(value(parser));
        }
        return list;
      }
      case VALUE_STRING:
        return parser.getText();
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return parser.getNumberValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      default:
        return null;
    }
  }
}
