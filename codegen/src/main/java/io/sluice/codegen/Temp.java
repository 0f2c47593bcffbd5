package io.sluice.codegen;

import io.sluice.catalog.DataType;

/** A materialised sub-expression: a vector field, its fill method, its deferred errors. */
final class Temp {
  final String name;
  final DataType type;

  Temp(String name, DataType type) {
    this.name = name;
    this.type = type;
  }
}
