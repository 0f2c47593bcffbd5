package io.sluice.optimizer;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.apache.calcite.sql.validate.SqlNameMatchers;

/**
 * Calcite's case-insensitive name matcher, with field lookups through an index per row type.
 * The validator looks each unqualified column up in every table of the FROM clause, and
 * Calcite's lookup compares the name with every field ignoring case: a join of 64 tables spent a
 * fifth of its planning there. Here each row type gets a map from its lower-cased ASCII names to
 * its first field of that name, made once per analysis, which answers as the scan does: for ASCII
 * names ignoring case means equal in lower case. Names with other characters, and row types whose
 * lookup has Calcite's special cases (an {@code _extra} field, a dynamic star), take Calcite's way.
 */
final class FieldIndexNameMatcher implements SqlNameMatcher {
  private static final SqlNameMatcher CALCITE = SqlNameMatchers.withCaseSensitive(false);
  /** Row types whose lookup must stay Calcite's. */
  private static final Map<String, RelDataTypeField> UNINDEXED = Map.of();

  private final Map<RelDataType, Map<String, RelDataTypeField>> indexes = new IdentityHashMap<>();

  @Override
  public RelDataTypeField field(RelDataType rowType, String fieldName) {
    if (!rowType.isStruct() || !ascii(fieldName)) {
      return CALCITE.field(rowType, fieldName);
    }
    Map<String, RelDataTypeField> index = indexes.computeIfAbsent(rowType, FieldIndexNameMatcher::index);
    if (index == UNINDEXED) {
      return CALCITE.field(rowType, fieldName);
    }
    return index.get(fieldName.toLowerCase(Locale.ROOT));
  }

  private static Map<String, RelDataTypeField> index(RelDataType rowType) {
    if (rowType.isDynamicStruct()) {
      return UNINDEXED;
    }
    List<RelDataTypeField> fields = rowType.getFieldList();
    Map<String, RelDataTypeField> index = new HashMap<>(fields.size() * 2);
    for (RelDataTypeField field : fields) {
      if (!ascii(field.getName()) || field.isDynamicStar()) {
        return UNINDEXED;
      }
      index.putIfAbsent(field.getName().toLowerCase(Locale.ROOT), field);
    }
    if (!fields.isEmpty() && fields.get(fields.size() - 1).getName().equals("_extra")) {
      return UNINDEXED;
    }
    return index;
  }

  private static boolean ascii(String name) {
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean isCaseSensitive() {
    return CALCITE.isCaseSensitive();
  }

  @Override
  public boolean matches(String string, String name) {
    return CALCITE.matches(string, name);
  }

  @Override
  public <K extends List<String>, V> V get(Map<K, V> map, List<String> prefixNames, List<String> names) {
    return CALCITE.get(map, prefixNames, names);
  }

  @Override
  public String bestString() {
    return CALCITE.bestString();
  }

  @Override
  public int frequency(Iterable<String> names, String name) {
    return CALCITE.frequency(names, name);
  }

  @Override
  public Set<String> createSet() {
    return CALCITE.createSet();
  }
}
