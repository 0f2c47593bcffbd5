package io.sluice.server.pgwire;

import io.sluice.sqlparser.CalciteSql;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;

/**
 * Names result columns the way PostgreSQL does where the query gave no name. Sluice (through
 * Calcite) calls an unnamed select item {@code EXPR$n}, n its place in the select list; PostgreSQL
 * clients show PostgreSQL's name instead: a function call takes the function's name
 * ({@code count}), a cast the type's name ({@code int8}), a CASE {@code case}, anything else
 * {@code ?column?}. Only the wire protocol renames: the JDBC driver keeps {@code EXPR$n}, since that
 * name is also what a sink's files and a view's columns are called.
 */
final class PgColumnNames {
  /** Calcite's name for the unnamed select item at the place it gives. */
  private static final Pattern UNNAMED = Pattern.compile("EXPR\\$(\\d+)");
  static final String UNKNOWN = "?column?";
  /** PostgreSQL's names of the SQL types a cast may name. */
  private static final Map<String, String> TYPE_NAMES = Map.ofEntries(Map.entry("INTEGER", "int4"),
      Map.entry("INT", "int4"), Map.entry("BIGINT", "int8"), Map.entry("SMALLINT", "int2"),
      Map.entry("TINYINT", "int2"), Map.entry("DOUBLE", "float8"), Map.entry("FLOAT", "float8"),
      Map.entry("REAL", "float4"), Map.entry("DECIMAL", "numeric"), Map.entry("NUMERIC", "numeric"),
      Map.entry("BOOLEAN", "bool"), Map.entry("VARCHAR", "varchar"), Map.entry("CHAR", "bpchar"),
      Map.entry("DATE", "date"), Map.entry("TIME", "time"), Map.entry("TIMESTAMP", "timestamp"),
      Map.entry("VARBINARY", "bytea"), Map.entry("BINARY", "bytea"));

  private PgColumnNames() {}

  /** The labels as PostgreSQL names the columns of query {@code sql}: {@code labels} itself when every column has a name. */
  static String[] of(String sql, String[] labels) {
    boolean unnamed = false;
    for (String label : labels) {
      unnamed |= label != null && UNNAMED.matcher(label).matches();
    }
    if (!unnamed) {
      return labels;
    }
    List<SqlNode> items = selectItems(sql);
    String[] names = labels.clone();
    for (int i = 0; i < names.length; i++) {
      Matcher m = labels[i] == null ? null : UNNAMED.matcher(labels[i]);
      if (m != null && m.matches()) {
        int place = Integer.parseInt(m.group(1));
        names[i] = items != null && place < items.size() ? nameOf(items.get(place)) : UNKNOWN;
      }
    }
    return names;
  }

  /** The select list of the query's first SELECT, or null when the text is not such a query. */
  private static List<SqlNode> selectItems(String sql) {
    SqlNode node;
    try {
      node = SqlParser.create(sql, CalciteSql.parserConfig()).parseQuery();
    } catch (SqlParseException | RuntimeException e) {
      return null; // Sluice's own statement forms, or text Calcite reads otherwise: the names stay unknown
    }
    while (true) {
      if (node instanceof SqlOrderBy) {
        node = ((SqlOrderBy) node).query;
      } else if (node instanceof SqlWith) {
        node = ((SqlWith) node).body;
      } else if (node instanceof SqlCall && node.getKind().belongsTo(SqlKind.SET_QUERY)) {
        node = ((SqlCall) node).operand(0); // PostgreSQL names a set operation's columns by its first query
      } else {
        break;
      }
    }
    return node instanceof SqlSelect ? ((SqlSelect) node).getSelectList().getList() : null;
  }

  private static String nameOf(SqlNode item) {
    if (item.getKind() == SqlKind.CAST) {
      SqlNode type = ((SqlCall) item).operand(1);
      if (type instanceof SqlDataTypeSpec && ((SqlDataTypeSpec) type).getTypeNameSpec() instanceof SqlBasicTypeNameSpec) {
        String name = ((SqlDataTypeSpec) type).getTypeName().getSimple().toUpperCase(Locale.ROOT);
        return TYPE_NAMES.getOrDefault(name, name.toLowerCase(Locale.ROOT));
      }
      return UNKNOWN;
    }
    if (item.getKind() == SqlKind.CASE) {
      return "case";
    }
    if (item instanceof SqlCall && ((SqlCall) item).getOperator() instanceof SqlFunction) {
      return ((SqlCall) item).getOperator().getName().toLowerCase(Locale.ROOT);
    }
    return UNKNOWN;
  }
}
