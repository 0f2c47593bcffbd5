package io.sluice.codegen;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** Code under construction for one method, with the columns and temps it reads. */
final class Body {
  final StringBuilder code = new StringBuilder();
  final BitSet inputs = new BitSet();
  final List<Temp> temps = new ArrayList<>();

  void add(String line) {
    code.append(line).append('\n');
  }

  void append(Body other) {
    code.append(other.code);
    inputs.or(other.inputs);
    for (Temp t : other.temps) {
      if (!temps.contains(t)) {
        temps.add(t);
      }
    }
  }
}
