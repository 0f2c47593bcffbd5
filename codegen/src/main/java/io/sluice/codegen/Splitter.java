package io.sluice.codegen;

import static io.sluice.codegen.TypeCode.javaType;
import static io.sluice.codegen.TypeCode.vectorClass;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import java.util.List;

/**
 * Keeps every generated method far below the JVM's 64 KB limit: when the operands of one node add
 * up to more than {@link #SPLIT} characters, the largest are materialised into temporary vectors by
 * loops in methods of their own. A materialised operand is computed for every row, also rows where
 * evaluation would not reach it (a CASE branch not taken), so its errors are recorded per row and
 * raised only where the row actually reads the value.
 */
final class Splitter {
  /** Source characters of the operands of one node above which the largest are materialised. */
  static final int SPLIT = 8 * 1024;

  private final ClassState state;
  private final LoopWriter loops;

  Splitter(ClassState state, LoopWriter loops) {
    this.state = state;
    this.loops = loops;
  }

  private static int size(List<Part> parts) {
    int total = 0;
    for (Part p : parts) {
      total += p.body.code.length();
    }
    return total;
  }

  /** Materialises the largest operands until their code fits in one method comfortably. */
  void balance(List<Part> parts) {
    int total = size(parts);
    while (total > SPLIT) {
      Part largest = null;
      for (Part p : parts) {
        if (p.body.code.length() > 256 && (largest == null || p.body.code.length() > largest.body.code.length())) {
          largest = p;
        }
      }
      if (largest == null) {
        return;
      }
      total -= largest.body.code.length();
      materialise(largest);
      total += largest.body.code.length();
    }
  }

  private void materialise(Part part) {
    if (state.replaying) {
      throw new IllegalStateException("materialisation while replaying");
    }
    DataType type = part.val.type.kind() == TypeKind.NULL ? DataType.of(TypeKind.BIGINT) : part.val.type;
    String vector = state.field("t", vectorClass(type), "new " + vectorClass(type) + "(1024)");
    String errors = state.field("e", "RuntimeException[]", null);
    Temp temp = new Temp(vector, type);
    String method = state.name("fill");
    StringBuilder m = new StringBuilder();
    m.append("  private void ").append(method).append("(Batch in, int[] sel, int count) {\n");
    loops.preamble(m, part.body);
    LoopWriter.writeOutputSetup(m, vector, type, "o");
    m.append("    if (").append(errors).append(" != null) { if (").append(errors).append(".length < in.size) { ")
        .append(errors).append(" = new RuntimeException[in.size]; } else { java.util.Arrays.fill(").append(errors)
        .append(", null); } }\n");
    m.append("    for (int k = 0; k < count; k++) {\n");
    m.append("      int r = sel == null ? k : sel[k];\n");
    m.append("      try {\n");
    m.append(part.body.code);
    LoopWriter.writeOutputRow(m, vector, type, part.val, "o");
    m.append("      } catch (RuntimeException ex) {\n");
    m.append("        if (").append(errors).append(" == null) { ").append(errors).append(" = new RuntimeException[in.size]; }\n");
    m.append("        ").append(errors).append("[r] = ex;\n");
    if (type.physical() == TypeKind.PhysicalKind.BYTES) {
      m.append("        if (oVector.written() <= r) { oVector.setNullAt(r); }\n");
    } else {
      m.append("        oNulls[r] = true; ").append(vector).append(".mayHaveNulls = true;\n");
    }
    m.append("      }\n    }\n");
    m.append("  }\n\n");
    state.methods.append(m);
    state.fills.add(method);

    Body read = new Body();
    read.temps.add(temp);
    read.add("if (" + errors + " != null && " + errors + "[r] != null) { throw " + errors + "[r]; }");
    String n = state.name("n");
    read.add("boolean " + n + " = " + vector + "n[r];");
    Val val;
    if (type.physical() == TypeKind.PhysicalKind.BYTES) {
      String o = state.name("o");
      String l = state.name("l");
      read.add("int " + o + " = " + vector + "o[r]; int " + l + " = " + vector + "o[r + 1] - " + o + ";");
      val = new Val(part.val.type, part.val.rel, n, vector + "d", o, l);
    } else {
      String v = state.name("v");
      read.add(javaType(type) + " " + v + " = " + vector + "v[r];");
      val = new Val(part.val.type, part.val.rel, n, v, null, null);
    }
    part.body = read;
    part.val = val;
  }
}
