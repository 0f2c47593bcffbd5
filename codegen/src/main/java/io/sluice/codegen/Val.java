package io.sluice.codegen;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import org.apache.calcite.rel.type.RelDataType;

/**
 * The result of generated code: Java expressions for the null flag and the value (for strings,
 * an array, offset and length).
 */
final class Val {
  final DataType type;
  final RelDataType rel;
  final String isNull;
  final String value;
  final String offset;
  final String length;

  Val(DataType type, RelDataType rel, String isNull, String value, String offset, String length) {
    this.type = type;
    this.rel = rel;
    this.isNull = isNull;
    this.value = value;
    this.offset = offset;
    this.length = length;
  }

  boolean neverNull() {
    return "false".equals(isNull);
  }

  TypeKind kind() {
    return type.kind();
  }

  boolean isBytes() {
    return type.physical() == TypeKind.PhysicalKind.BYTES;
  }

  String args() {
    return value + ", " + offset + ", " + length;
  }
}
