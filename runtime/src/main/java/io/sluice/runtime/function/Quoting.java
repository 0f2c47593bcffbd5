package io.sluice.runtime.function;

import java.util.Set;

/**
 * QUOTE_IDENT and QUOTE_LITERAL: text made safe to put into an SQL statement, as PostgreSQL
 * quotes it.
 */
public final class Quoting {
  private Quoting() {}

  /**
   * PostgreSQL's reserved key words and those that cannot be a function or type name (its
   * {@code RESERVED_KEYWORD}, {@code TYPE_FUNC_NAME_KEYWORD} and {@code COL_NAME_KEYWORD} lists),
   * which QUOTE_IDENT quotes though they are plain lower-case words.
   */
  private static final Set<String> KEYWORDS = Set.of("all", "analyse", "analyze", "and", "any", "array", "as", "asc",
      "asymmetric", "authorization", "between", "bigint", "binary", "bit", "boolean", "both", "case", "cast", "char",
      "character", "check", "coalesce", "collate", "collation", "column", "concurrently", "constraint", "create",
      "cross", "current_catalog", "current_date", "current_role", "current_schema", "current_time",
      "current_timestamp", "current_user", "dec", "decimal", "default", "deferrable", "desc", "distinct", "do", "else",
      "end", "except", "exists", "extract", "false", "fetch", "float", "for", "foreign", "freeze", "from", "full",
      "grant", "greatest", "group", "grouping", "having", "ilike", "in", "initially", "inner", "inout", "int",
      "integer", "intersect", "interval", "into", "is", "isnull", "join", "json", "lateral", "leading", "least",
      "left", "like", "limit", "localtime", "localtimestamp", "national", "natural", "nchar", "none", "normalize",
      "not", "notnull", "null", "nullif", "numeric", "offset", "on", "only", "or", "order", "out", "outer",
      "overlaps", "overlay", "placing", "position", "precision", "primary", "real", "references", "returning",
      "right", "row", "select", "session_user", "setof", "similar", "smallint", "some", "substring", "symmetric",
      "system_user", "table", "tablesample", "then", "time", "timestamp", "to", "trailing", "treat", "trim", "true",
      "union", "unique", "user", "using", "values", "varchar", "variadic", "verbose", "when", "where", "window",
      "with", "xmlattributes", "xmlconcat", "xmlelement", "xmlexists", "xmlforest", "xmlnamespaces", "xmlparse",
      "xmlpi", "xmlroot", "xmlserialize", "xmltable");

  /**
   * QUOTE_IDENT(string): the string as it is when it is a plain identifier (a lower-case letter or
   * underscore, then lower-case letters, digits, and underscores, and not a key word), else
   * in double quotes with each double quote doubled.
   */
  @SqlFunction("QUOTE_IDENT")
  public static int quoteIdent(byte[] b, int off, int len, Scratch out) {
    if (plain(b, off, len)) {
      System.arraycopy(b, off, out.ensure(len), 0, len);
      return len;
    }
    return quote(b, off, len, (byte) '"', out, 0);
  }

  private static boolean plain(byte[] b, int off, int len) {
    if (len == 0 || !(b[off] >= 'a' && b[off] <= 'z' || b[off] == '_')) {
      return false;
    }
    for (int i = 1; i < len; i++) {
      byte c = b[off + i];
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_')) {
        return false;
      }
    }
    return !KEYWORDS.contains(new String(b, off, len, java.nio.charset.StandardCharsets.US_ASCII));
  }

  /**
   * QUOTE_LITERAL(string): the string in single quotes with each single quote doubled; a string
   * with a backslash is written as an escape string, {@code E'...'}, with each backslash doubled.
   */
  @SqlFunction("QUOTE_LITERAL")
  public static int quoteLiteral(byte[] b, int off, int len, Scratch out) {
    boolean backslash = false;
    for (int i = 0; i < len && !backslash; i++) {
      backslash = b[off + i] == '\\';
    }
    int at = 0;
    if (backslash) {
      out.ensure(1)[0] = 'E';
      at = 1;
    }
    return quote(b, off, len, (byte) '\'', out, at);
  }

  /** Writes {@code quote}, the bytes with each quote (and backslash) doubled, and {@code quote} at {@code at}. */
  private static int quote(byte[] b, int off, int len, byte quote, Scratch out, int at) {
    byte[] buf = out.ensure(at + 2 * len + 2, at);
    buf[at++] = quote;
    for (int i = 0; i < len; i++) {
      byte c = b[off + i];
      buf[at++] = c;
      if (c == quote || quote == '\'' && c == '\\') {
        buf[at++] = c;
      }
    }
    buf[at++] = quote;
    return at;
  }
}
