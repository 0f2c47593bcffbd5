package io.sluice.server.pgwire;

import java.sql.Types;

/**
 * The PostgreSQL types Sluice's types travel as: OID (from PostgreSQL's {@code pg_type}), size
 * ({@code typlen}, -1 for variable) and name. Chosen from the JDBC type code, so that the server
 * needs nothing of the engine but its driver.
 */
enum PgType {
  BOOL(16, 1, "bool"),
  INT2(21, 2, "int2"),
  INT4(23, 4, "int4"),
  INT8(20, 8, "int8"),
  FLOAT4(700, 4, "float4"),
  FLOAT8(701, 8, "float8"),
  NUMERIC(1700, -1, "numeric"),
  TEXT(25, -1, "text"),
  VARCHAR(1043, -1, "varchar"),
  BPCHAR(1042, -1, "bpchar"),
  DATE(1082, 4, "date"),
  TIME(1083, 8, "time"),
  TIMESTAMP(1114, 8, "timestamp"),
  INTERVAL(1186, 16, "interval"),
  BYTEA(17, -1, "bytea"),
  /** An array of int2 ({@code pg_constraint.conkey}), only in the server's own catalog answers. */
  INT2_ARRAY(1005, -1, "_int2"),
  /** What a parameter whose type the client leaves open is sent as. */
  UNKNOWN(705, -2, "unknown");

  final int oid;
  final int size;
  final String typeName;

  PgType(int oid, int size, String typeName) {
    this.oid = oid;
    this.size = size;
    this.typeName = typeName;
  }

  /** The type for a JDBC type code; text for anything without a closer match. */
  static PgType ofJdbc(int sqlType) {
    switch (sqlType) {
      case Types.BOOLEAN:
      case Types.BIT: return BOOL;
      case Types.TINYINT:
      case Types.SMALLINT: return INT2;
      case Types.INTEGER: return INT4;
      case Types.BIGINT: return INT8;
      case Types.REAL: return FLOAT4;
      case Types.FLOAT:
      case Types.DOUBLE: return FLOAT8;
      case Types.DECIMAL:
      case Types.NUMERIC: return NUMERIC;
      case Types.CHAR: return BPCHAR;
      case Types.VARCHAR: return VARCHAR;
      case Types.DATE: return DATE;
      case Types.TIME: return TIME;
      case Types.TIMESTAMP: return TIMESTAMP;
      case Types.BINARY:
      case Types.VARBINARY: return BYTEA;
      default: return TEXT; // intervals too: their text is Sluice's, not PostgreSQL's, so clients must not parse it
    }
  }

  /** The type with {@code oid}, or null for one Sluice does not use. */
  static PgType ofOid(int oid) {
    for (PgType t : values()) {
      if (t.oid == oid) {
        return t;
      }
    }
    return null;
  }

  /** {@code atttypmod}: numeric packs precision and scale, varchar its length; -1 for none. */
  static int typeModifier(PgType type, int precision, int scale) {
    if (type == NUMERIC && precision > 0) {
      return ((precision << 16) | scale) + 4;
    }
    if ((type == VARCHAR || type == BPCHAR) && precision > 0 && precision < Integer.MAX_VALUE - 4) {
      return precision + 4;
    }
    return -1;
  }
}
