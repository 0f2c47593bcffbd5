package io.sluice.codegen;

import static io.sluice.codegen.TypeCode.vectorClass;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TypeKind;
import io.sluice.codegen.LoopWriter.Output;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;

/**
 * Writes the Java source of one {@link io.sluice.runtime.generated.FilterProject} class.
 *
 * <p>Each expression becomes straight-line code over local variables ({@link ExpressionGenerator}
 * and the generators of each family). Literals never appear in the text; each becomes a field
 * filled from the constants array ({@link ClassState}). A top-level expression gets its own loop
 * method, generated twice when its inputs may be null: once reading null masks and once assuming
 * none, chosen per batch from the vectors' {@code mayHaveNulls} (for an input known to be small,
 * only the first: the second would cost more to compile than it saves). Large expressions are split into
 * methods of their own by the {@link Splitter}.
 */
final class SourceGenerator {
  /** Constants initialised per helper method, so that the constructor stays small. */
  private static final int INIT_CHUNK = 400;
  /** Projections called per helper method of process(). */
  private static final int CALL_CHUNK = 64;
  /**
   * Above this many projections a SELECT list is wide: each projection's loop is a block inside a
   * shared method of about {@link #WIDE_METHOD_CHARS} characters (Janino checks each new method
   * against all others, so 10,000 methods cost 10^8 comparisons), the constructor sets the columns
   * up in helper methods (its code would pass 64 KB near 4,000 columns) and equal constants share
   * one field (the constant pool holds 65,535 entries). Its loops are written once, not again for
   * inputs without NULLs: compiling the class is what a wide list costs (Janino takes about as long
   * per character of source), and the second loop doubled that. Narrower lists are generated as before.
   */
  static final int WIDE = CALL_CHUNK;
  /** Source characters of the loops of a wide list put in one method: well under HotSpot's 8,000 bytes of bytecode it still compiles. */
  private static final int WIDE_METHOD_CHARS = 6 * 1024;

  static final String CLASS_NAME = "GeneratedFilterProject";

  private final List<DataType> inputTypes;
  private final ClassState state = new ClassState();
  private final LoopWriter loops;
  private final ExpressionGenerator expressions;
  /** Whether to write each loop again assuming no NULL inputs: worth its compile time only over many rows. */
  private final boolean noNullVariants;

  SourceGenerator(RexBuilder rexBuilder, List<DataType> inputTypes) {
    this(rexBuilder, inputTypes, true);
  }

  SourceGenerator(RexBuilder rexBuilder, List<DataType> inputTypes, boolean noNullVariants) {
    this.inputTypes = inputTypes;
    this.noNullVariants = noNullVariants;
    this.loops = new LoopWriter(state, inputTypes);
    this.expressions = new ExpressionGenerator(state, rexBuilder, inputTypes, new Splitter(state, loops));
  }

  List<Object> constants() {
    return state.constants;
  }

  /** The {@code ?} parameters the class reads from its constants array. */
  List<org.apache.calcite.rex.RexDynamicParam> parameters() {
    return state.parameters;
  }

  /** Where in the constants array each of {@link #parameters} is read. */
  int[] parameterSlots() {
    return state.parameterSlots.stream().mapToInt(Integer::intValue).toArray();
  }

  static DataType typeOf(RelDataType type) {
    return TypeCode.typeOf(type);
  }

  /** Generates the whole class. */
  String generate(RexNode condition, List<RexNode> projects, List<DataType> outputTypes) {
    boolean wide = projects.size() > WIDE;
    state.shareConstants = wide;
    StringBuilder process = new StringBuilder();
    List<String> ctor = new ArrayList<>();
    process.append("  public Batch process(Batch in) {\n");
    process.append("    int size = in.size;\n");
    process.append("    int[] inSel = in.selection;\n");
    process.append("    int inCount = inSel == null ? size : in.selectedCount;\n");
    process.append("    int[] sel;\n    int count;\n");
    if (condition != null && !condition.isAlwaysTrue()) {
      DataType t = typeOf(condition.getType());
      if (t.kind() != TypeKind.BOOLEAN && t.kind() != TypeKind.NULL) {
        throw new SluiceException(ErrorCode.TYPE_MISMATCH, "Filter condition must be BOOLEAN, not " + t);
      }
      String method = topLevel(condition, null, "filter");
      process.append("    if (selectionBuffer.length < size) { selectionBuffer = new int[size]; }\n");
      process.append(method.replace("%ARGS%", "in, inSel, inCount"));
      process.append("    sel = selectionBuffer;\n");
      process.append("    out.selection = sel;\n    out.selectedCount = count;\n");
    } else {
      process.append("    sel = inSel;\n    count = inCount;\n");
      process.append("    out.selection = inSel;\n    out.selectedCount = in.selectedCount;\n");
    }
    process.append("    out.size = size;\n");
    List<String> calls = new ArrayList<>();
    for (int i = 0; i < projects.size(); i++) {
      RexNode p = projects.get(i);
      DataType outType = outputTypes.get(i);
      if (p instanceof RexInputRef) {
        calls.add("    out.columns[" + i + "] = in.columns[" + ((RexInputRef) p).getIndex() + "];\n");
        ctor.add("    columns[" + i + "] = ColumnVector.create(DataType.of(TypeKind.NULL), 1);\n");
        continue;
      }
      String vector = state.field("out", vectorClass(outType), null);
      ctor.add("    " + vector + " = new " + vectorClass(outType) + "(1024);\n    columns[" + i + "] = " + vector + ";\n");
      calls.add(topLevel(p, new Output(vector, outType), "project", wide).replace("%ARGS%", "in, sel, count"));
    }
    int start = 0;
    while (start < calls.size()) {
      int end = start + 1;
      if (wide) {
        for (int chars = calls.get(start).length(); end < calls.size() && chars + calls.get(end).length() <= WIDE_METHOD_CHARS; end++) {
          chars += calls.get(end).length();
        }
      } else {
        end = Math.min(calls.size(), start + CALL_CHUNK);
      }
      String chunk = state.name("projectAll");
      state.methods.append("  private void ").append(chunk).append("(Batch in, int[] sel, int count) {\n");
      for (String c : calls.subList(start, end)) {
        state.methods.append(c);
      }
      state.methods.append("  }\n\n");
      process.append("    ").append(chunk).append("(in, sel, count);\n");
      start = end;
    }
    process.append("    return out;\n  }\n");
    return assemble(process, ctor, projects.size());
  }

  /** The class around the generated methods: fields, constructor, constant initialisers. */
  private String assemble(StringBuilder process, List<String> ctor, int columnCount) {
    StringBuilder src = new StringBuilder();
    src.append("import io.sluice.catalog.DataType;\n");
    src.append("import io.sluice.catalog.TypeKind;\n");
    src.append("import io.sluice.catalog.data.*;\n");
    src.append("import io.sluice.runtime.function.*;\n");
    src.append("import io.sluice.runtime.generated.*;\n\n");
    src.append("public final class ").append(CLASS_NAME).append(" implements FilterProject {\n");
    src.append("  private final Batch out;\n");
    src.append("  private int[] selectionBuffer = new int[0];\n");
    src.append("  private final long currentTimestamp;\n  private final long localTimestamp;\n");
    src.append("  private final long currentDate;\n  private final long currentTime;\n");
    src.append(state.fields);
    src.append("\n  public ").append(CLASS_NAME).append("(Object[] k, QueryContext context) {\n");
    src.append("    currentTimestamp = context.currentTimestamp();\n");
    src.append("    localTimestamp = context.localTimestamp();\n");
    src.append("    currentDate = context.currentDate();\n");
    src.append("    currentTime = context.currentTime();\n");
    List<String> constantInits = state.constantInits;
    List<String> initMethods = new ArrayList<>();
    for (int start = 0; start < constantInits.size(); start += INIT_CHUNK) {
      String m = "init" + initMethods.size();
      initMethods.add(m);
      src.append("    ").append(m).append("(k);\n");
    }
    src.append("    ColumnVector[] columns = new ColumnVector[" + columnCount + "];\n");
    List<String> columnMethods = new ArrayList<>();
    if (ctor.size() <= INIT_CHUNK) {
      ctor.forEach(src::append);
    } else {
      for (int start = 0; start < ctor.size(); start += INIT_CHUNK) {
        String m = "columns" + columnMethods.size();
        columnMethods.add(m);
        src.append("    ").append(m).append("(columns);\n");
      }
    }
    src.append("    out = new Batch(columns, 0);\n  }\n\n");
    for (int i = 0; i < columnMethods.size(); i++) {
      src.append("  private void ").append(columnMethods.get(i)).append("(ColumnVector[] columns) {\n");
      ctor.subList(i * INIT_CHUNK, Math.min(ctor.size(), (i + 1) * INIT_CHUNK)).forEach(src::append);
      src.append("  }\n\n");
    }
    for (int i = 0; i < initMethods.size(); i++) {
      src.append("  private void ").append(initMethods.get(i)).append("(Object[] k) {\n");
      for (String line : constantInits.subList(i * INIT_CHUNK, Math.min(constantInits.size(), (i + 1) * INIT_CHUNK))) {
        src.append("    ").append(line).append('\n');
      }
      src.append("  }\n\n");
    }
    src.append(process).append('\n');
    src.append(state.methods);
    src.append("}\n");
    return src.toString();
  }

  /**
   * Generates the loop method(s) of one top-level expression and returns the statements that call
   * them, with %ARGS% standing for (batch, selection, count). A filter's call assigns count.
   */
  private String topLevel(RexNode node, Output output, String prefix) {
    return topLevel(node, output, prefix, false);
  }

  /** As {@link #topLevel(RexNode, Output, String)}; {@code inline}: a projection's loops as blocks in the caller's method. */
  private String topLevel(RexNode node, Output output, String prefix, boolean inline) {
    state.fills = new ArrayList<>();
    state.recorded = new ArrayList<>();
    state.assumeNoNulls = false;
    Body body = new Body();
    Val val = expressions.gen(node, body);
    if (output != null) {
      val = expressions.casts.coerce(body, val, output.type, null);
    }
    List<String> myFills = state.fills;
    String method = inline ? null : state.name(prefix);
    String block = inline ? loops.loopBlock(body, val, output) : null;
    if (!inline) {
      loops.writeLoop(method, body, val, output);
    }
    BitSet nullable = new BitSet();
    for (int i = body.inputs.nextSetBit(0); i >= 0; i = body.inputs.nextSetBit(i + 1)) {
      if (inputTypes.get(i).nullable()) {
        nullable.set(i);
      }
    }
    String call;
    String invoke = output == null ? "count = " : "";
    if (noNullVariants && !inline && myFills.isEmpty() && !nullable.isEmpty()) {
      // the same tree again, assuming no nulls in the inputs; fields are shared with the first variant
      state.replaying = true;
      state.replayAt = 0;
      state.assumeNoNulls = true;
      Body fast = new Body();
      Val fastVal = expressions.gen(node, fast);
      if (output != null) {
        fastVal = expressions.casts.coerce(fast, fastVal, output.type, null);
      }
      state.replaying = false;
      state.assumeNoNulls = false;
      loops.writeLoop(method + "NoNulls", fast, fastVal, output);
      StringBuilder test = new StringBuilder();
      for (int i = nullable.nextSetBit(0); i >= 0; i = nullable.nextSetBit(i + 1)) {
        if (test.length() > 0) {
          test.append(" && ");
        }
        test.append("!in.columns[").append(i).append("].mayHaveNulls");
      }
      String fastArgs = output == null ? "%ARGS%, selectionBuffer" : "%ARGS%";
      call = "    if (" + test + ") { " + invoke + method + "NoNulls(" + fastArgs + "); } else { " + invoke + method
          + "(" + fastArgs + "); }\n";
    } else {
      StringBuilder sb = new StringBuilder();
      for (String f : myFills) {
        sb.append("    ").append(f).append("(%ARGS%);\n");
      }
      if (inline) {
        sb.append(block);
      } else {
        sb.append("    ").append(invoke).append(method).append(output == null ? "(%ARGS%, selectionBuffer);\n" : "(%ARGS%);\n");
      }
      call = sb.toString();
    }
    state.recorded = null;
    return call;
  }
}
