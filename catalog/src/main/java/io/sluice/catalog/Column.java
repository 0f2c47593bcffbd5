package io.sluice.catalog;

/** A named, typed column of a table, stream or view. */
public record Column(String name, DataType type) {
  @Override
  public String toString() {
    return name + " " + type;
  }
}
