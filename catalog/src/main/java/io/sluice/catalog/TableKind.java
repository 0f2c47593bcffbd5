package io.sluice.catalog;

/** What a catalog name stands for. */
public enum TableKind {
  /** Bounded data: in memory or backed by files. */
  TABLE("TABLE"),
  VIEW("VIEW"),
  /** An unbounded input (a stream). */
  SOURCE("SOURCE"),
  SINK("SINK");

  private final String label;

  TableKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
