package io.sluice.sqlparser;

import java.util.Set;

/**
 * The words Calcite's SQL parser reserves (upper case), written out rather than asked of the parser:
 * {@code SqlParser.getMetadata()} builds them by reflection over the generated parser's token table,
 * about 35 ms of a short command's start-up, and only {@link SoftKeywords} needs them.
 * {@code CalciteReservedWordsTest} compares this list with the parser's, so a Calcite upgrade that
 * reserves or frees a word fails that test (it prints the new list) rather than going unnoticed.
 */
final class CalciteReservedWords {
  /** The reserved words of the Calcite version Sluice builds with. */
  static final Set<String> WORDS = Set.of(
      "ABS", "ALL", "ALLOCATE", "ALLOW", "ALTER", "AND", "ANY", "ARE", "ARRAY", "ARRAY_MAX_CARDINALITY", "AS",
      "ASENSITIVE", "ASOF", "ASYMMETRIC", "AT", "ATOMIC", "AUTHORIZATION", "AVG", "BEGIN", "BEGIN_FRAME",
      "BEGIN_PARTITION", "BETWEEN", "BIGINT", "BINARY", "BIT", "BLOB", "BOOLEAN", "BOTH", "BY", "CALL",
      "CALLED", "CARDINALITY", "CASCADED", "CASE", "CAST", "CEIL", "CEILING", "CHAR", "CHARACTER",
      "CHARACTER_LENGTH", "CHAR_LENGTH", "CHECK", "CLASSIFIER", "CLOB", "CLOSE", "COALESCE", "COLLATE",
      "COLLECT", "COLUMN", "COMMIT", "CONDITION", "CONNECT", "CONSTRAINT", "CONTAINS", "CONVERT", "CORR",
      "CORRESPONDING", "COUNT", "COVAR_POP", "COVAR_SAMP", "CREATE", "CROSS", "CUBE", "CUME_DIST", "CURRENT",
      "CURRENT_CATALOG", "CURRENT_DATE", "CURRENT_DEFAULT_TRANSFORM_GROUP", "CURRENT_PATH", "CURRENT_ROLE",
      "CURRENT_ROW", "CURRENT_SCHEMA", "CURRENT_TIME", "CURRENT_TIMESTAMP",
      "CURRENT_TRANSFORM_GROUP_FOR_TYPE", "CURRENT_USER", "CURSOR", "CYCLE", "DATE", "DATETIME", "DAY",
      "DEALLOCATE", "DEC", "DECIMAL", "DECLARE", "DEFAULT", "DEFINE", "DELETE", "DENSE_RANK", "DEREF",
      "DESCRIBE", "DETERMINISTIC", "DISALLOW", "DISCONNECT", "DISTINCT", "DOUBLE", "DROP", "DYNAMIC", "EACH",
      "ELEMENT", "ELSE", "EMPTY", "END", "END-EXEC", "END_FRAME", "END_PARTITION", "EQUALS", "ESCAPE",
      "EVERY", "EXCEPT", "EXEC", "EXECUTE", "EXISTS", "EXP", "EXPLAIN", "EXTEND", "EXTERNAL", "EXTRACT",
      "FALSE", "FETCH", "FILTER", "FIRST_VALUE", "FLOAT", "FLOOR", "FOR", "FOREIGN", "FRAME_ROW", "FREE",
      "FRIDAY", "FROM", "FULL", "FUNCTION", "FUSION", "GET", "GLOBAL", "GRANT", "GROUP", "GROUPING", "GROUPS",
      "HAVING", "HOLD", "HOUR", "IDENTITY", "IMPORT", "IN", "INDICATOR", "INITIAL", "INNER", "INOUT",
      "INSENSITIVE", "INSERT", "INT", "INTEGER", "INTERSECT", "INTERSECTION", "INTERVAL", "INTO", "IS",
      "JOIN", "JSON_ARRAY", "JSON_ARRAYAGG", "JSON_EXISTS", "JSON_OBJECT", "JSON_OBJECTAGG", "JSON_QUERY",
      "JSON_SCOPE", "JSON_VALUE", "LAG", "LANGUAGE", "LARGE", "LAST_VALUE", "LATERAL", "LEAD", "LEADING",
      "LEFT", "LIKE", "LIKE_REGEX", "LIMIT", "LN", "LOCAL", "LOCALTIME", "LOCALTIMESTAMP", "LOWER", "MATCH",
      "MATCHES", "MATCH_CONDITION", "MATCH_NUMBER", "MATCH_RECOGNIZE", "MAX", "MEASURE", "MEASURES", "MEMBER",
      "MERGE", "METHOD", "MIN", "MINUS", "MINUTE", "MOD", "MODIFIES", "MODULE", "MONDAY", "MONTH", "MULTISET",
      "NATIONAL", "NATURAL", "NCHAR", "NCLOB", "NEW", "NEXT", "NO", "NONE", "NORMALIZE", "NOT", "NTH_VALUE",
      "NTILE", "NULL", "NULLIF", "NUMERIC", "OCCURRENCES_REGEX", "OCTET_LENGTH", "OF", "OFFSET", "OLD",
      "OMIT", "ON", "ONE", "ONLY", "OPEN", "OR", "ORDER", "ORDINAL", "OUT", "OUTER", "OVER", "OVERLAPS",
      "OVERLAY", "PARAMETER", "PARTITION", "PATTERN", "PER", "PERCENT", "PERCENTILE_CONT", "PERCENTILE_DISC",
      "PERCENT_RANK", "PERIOD", "PERMUTE", "PORTION", "POSITION", "POSITION_REGEX", "POWER", "PRECEDES",
      "PRECISION", "PREPARE", "PREV", "PRIMARY", "PROCEDURE", "QUALIFY", "RANGE", "RANK", "READS", "REAL",
      "RECURSIVE", "REF", "REFERENCES", "REFERENCING", "REGR_AVGX", "REGR_AVGY", "REGR_COUNT",
      "REGR_INTERCEPT", "REGR_R2", "REGR_SLOPE", "REGR_SXX", "REGR_SXY", "REGR_SYY", "RELEASE", "RESET",
      "RESULT", "RETURN", "RETURNS", "REVOKE", "RIGHT", "ROLLBACK", "ROLLUP", "ROW", "ROWS", "ROW_NUMBER",
      "RUNNING", "SAFE_CAST", "SAFE_OFFSET", "SAFE_ORDINAL", "SATURDAY", "SAVEPOINT", "SCOPE", "SCROLL",
      "SEARCH", "SECOND", "SEEK", "SELECT", "SENSITIVE", "SESSION_USER", "SET", "SHOW", "SIMILAR", "SKIP",
      "SMALLINT", "SOME", "SPECIFIC", "SPECIFICTYPE", "SQL", "SQLEXCEPTION", "SQLSTATE", "SQLWARNING", "SQRT",
      "START", "STATIC", "STDDEV_POP", "STDDEV_SAMP", "STREAM", "SUBMULTISET", "SUBSET", "SUBSTRING",
      "SUBSTRING_REGEX", "SUCCEEDS", "SUM", "SUNDAY", "SYMMETRIC", "SYSTEM", "SYSTEM_TIME", "SYSTEM_USER",
      "TABLE", "TABLESAMPLE", "THEN", "THURSDAY", "TIME", "TIMESTAMP", "TIMEZONE_HOUR", "TIMEZONE_MINUTE",
      "TINYINT", "TO", "TRAILING", "TRANSLATE", "TRANSLATE_REGEX", "TRANSLATION", "TREAT", "TRIGGER", "TRIM",
      "TRIM_ARRAY", "TRUE", "TRUNCATE", "TRY_CAST", "TUESDAY", "UESCAPE", "UNION", "UNIQUE", "UNKNOWN",
      "UNNEST", "UNSIGNED", "UPDATE", "UPPER", "UPSERT", "USER", "USING", "UUID", "VALUE", "VALUES",
      "VALUE_OF", "VARBINARY", "VARCHAR", "VARIANT", "VARYING", "VAR_POP", "VAR_SAMP", "VERSIONING",
      "WEDNESDAY", "WHEN", "WHENEVER", "WHERE", "WIDTH_BUCKET", "WINDOW", "WITH", "WITHIN", "WITHOUT", "YEAR");

  private CalciteReservedWords() {}

  /** Whether Calcite reserves {@code word}, given in upper case. */
  static boolean contains(String word) {
    return WORDS.contains(word);
  }
}
