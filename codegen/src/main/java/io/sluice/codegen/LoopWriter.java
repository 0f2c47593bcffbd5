package io.sluice.codegen;

import static io.sluice.codegen.TypeCode.javaType;
import static io.sluice.codegen.TypeCode.vectorClass;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import java.util.List;

/**
 * Writes the loop methods of the generated class: the local copies of the column arrays a body
 * reads, one pass over the selected rows, and where each row's result goes (the filter's selection
 * or an output vector).
 */
final class LoopWriter {
  private final ClassState state;
  private final List<DataType> inputTypes;

  LoopWriter(ClassState state, List<DataType> inputTypes) {
    this.state = state;
    this.inputTypes = inputTypes;
  }

  /** Where a projection writes: an output vector field and the output type. */
  static final class Output {
    final String vector;
    final DataType type;

    Output(String vector, DataType type) {
      this.vector = vector;
      this.type = type;
    }
  }

  void preamble(StringBuilder m, Body body) {
    for (int i = body.inputs.nextSetBit(0); i >= 0; i = body.inputs.nextSetBit(i + 1)) {
      DataType t = inputTypes.get(i);
      String col = "in.columns[" + i + "]";
      switch (t.physical()) {
        case BYTES:
          m.append("    byte[] iv").append(i).append(" = ((BytesVector) ").append(col).append(").data;\n");
          m.append("    int[] io").append(i).append(" = ((BytesVector) ").append(col).append(").offsets;\n");
          break;
        default:
          m.append("    ").append(javaType(t)).append("[] iv").append(i).append(" = ((")
              .append(vectorClass(t)).append(") ").append(col).append(").values;\n");
      }
      m.append("    boolean[] in").append(i).append(" = ").append(col).append(".nulls;\n");
      m.append("    boolean im").append(i).append(" = ").append(col).append(".mayHaveNulls;\n");
    }
    for (Temp t : body.temps) {
      String v = t.name;
      if (t.type.physical() == TypeKind.PhysicalKind.BYTES) {
        m.append("    byte[] ").append(v).append("d = ").append(v).append(".data;\n");
        m.append("    int[] ").append(v).append("o = ").append(v).append(".offsets;\n");
      } else {
        m.append("    ").append(javaType(t.type)).append("[] ").append(v).append("v = ").append(v).append(".values;\n");
      }
      m.append("    boolean[] ").append(v).append("n = ").append(v).append(".nulls;\n");
    }
  }

  /** A loop method: a filter's (returns the count of rows kept) when {@code output} is null, else a projection's. */
  void writeLoop(String method, Body body, Val val, Output output) {
    StringBuilder m = new StringBuilder();
    if (output == null) {
      m.append("  private int ").append(method).append("(Batch in, int[] sel, int count, int[] outSel) {\n");
    } else {
      m.append("  private void ").append(method).append("(Batch in, int[] sel, int count) {\n");
    }
    writeLoopBody(m, body, val, output);
    if (output == null) {
      m.append("    return c;\n");
    }
    m.append("  }\n\n");
    state.methods.append(m);
  }

  /**
   * A projection's loop as a block of statements over {@code in}, {@code sel} and {@code count}:
   * blocks of many projections share one method in wide SELECT lists (their locals are the
   * block's own), where a method per projection would make thousands of methods.
   */
  String loopBlock(Body body, Val val, Output output) {
    StringBuilder m = new StringBuilder("    {\n");
    writeLoopBody(m, body, val, output);
    return m.append("    }\n").toString();
  }

  private void writeLoopBody(StringBuilder m, Body body, Val val, Output output) {
    preamble(m, body);
    if (output == null) {
      m.append("    int c = 0;\n");
    } else {
      writeOutputSetup(m, output.vector, output.type, "o");
    }
    m.append("    for (int k = 0; k < count; k++) {\n");
    m.append("      int r = sel == null ? k : sel[k];\n");
    m.append(body.code);
    if (output == null) {
      String pass = val.neverNull() ? val.value : "!" + val.isNull + " && " + val.value;
      if (val.kind() == TypeKind.NULL) {
        pass = "false";
      }
      m.append("      outSel[c] = r;\n      c += (").append(pass).append(") ? 1 : 0;\n");
    } else {
      writeOutputRow(m, output.vector, output.type, val, "o");
    }
    m.append("    }\n");
  }

  static void writeOutputSetup(StringBuilder m, String vector, DataType type, String p) {
    m.append("    ").append(vector).append(".reset();\n");
    m.append("    ").append(vector).append(".ensureCapacity(in.size, 0);\n");
    if (type.physical() != TypeKind.PhysicalKind.BYTES) {
      m.append("    ").append(javaType(type)).append("[] ").append(p).append("Values = ").append(vector).append(".values;\n");
      m.append("    boolean[] ").append(p).append("Nulls = ").append(vector).append(".nulls;\n");
    } else {
      m.append("    BytesVector ").append(p).append("Vector = ").append(vector).append(";\n");
    }
  }

  static void writeOutputRow(StringBuilder m, String vector, DataType type, Val val, String p) {
    if (type.physical() == TypeKind.PhysicalKind.BYTES) {
      if (val.neverNull()) {
        m.append("      ").append(p).append("Vector.set(r, ").append(val.args()).append(");\n");
      } else {
        m.append("      if (").append(val.isNull).append(") { ").append(p).append("Vector.setNullAt(r); } else { ")
            .append(p).append("Vector.set(r, ").append(val.args()).append("); }\n");
      }
    } else if (val.neverNull()) {
      m.append("      ").append(p).append("Values[r] = ").append(val.value).append(";\n");
    } else {
      // the flag is set with the null, not after the loop: an error later in the batch must not
      // leave null marks behind that reset() would not clear
      m.append("      if (").append(val.isNull).append(") { ").append(p).append("Nulls[r] = true; ").append(vector)
          .append(".mayHaveNulls = true; } else { ").append(p).append("Values[r] = ").append(val.value).append("; }\n");
    }
  }
}
