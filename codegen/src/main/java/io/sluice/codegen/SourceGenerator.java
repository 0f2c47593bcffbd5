package io.sluice.codegen;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TypeKind;
import io.sluice.codegen.runtime.LikePattern;
import io.sluice.optimizer.TypeMapping;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUnknownAs;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.fun.SqlTrimFunction;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.Sarg;
import org.apache.calcite.util.TimeString;
import org.apache.calcite.util.TimestampString;
import com.google.common.collect.Range;

/**
 * Writes the Java source of one {@link io.sluice.codegen.runtime.FilterProject} class.
 *
 * <p>Each expression becomes straight-line code over local variables: a value and a null flag
 * per sub-expression (for strings, an array, offset and length). Literals never appear in the
 * text; each becomes a field filled from the constants array. A top-level expression gets its
 * own loop method, generated twice when its inputs may be null: once reading null masks and once
 * assuming none, chosen per batch from the vectors' {@code mayHaveNulls}. When the operands of
 * one node add up to more than {@link #SPLIT} characters, the largest are materialised into
 * temporary vectors by loops in methods of their own, which keeps every method far below the
 * JVM's 64 KB limit. A materialised operand is computed for every row, also rows where
 * evaluation would not reach it (a CASE branch not taken), so its errors are recorded per row
 * and raised only where the row actually reads the value.
 */
final class SourceGenerator {
  /** Source characters of the operands of one node above which the largest are materialised. */
  static final int SPLIT = 8 * 1024;
  /** Operands of AND/OR, pairs of CASE, per node before they are grouped. */
  private static final int WIDE = 32;
  /** Constants initialised per helper method, so that the constructor stays small. */
  private static final int INIT_CHUNK = 400;
  /** Projections called per helper method of process(). */
  private static final int CALL_CHUNK = 64;

  static final String CLASS_NAME = "GeneratedFilterProject";

  private final RexBuilder rexBuilder;
  private final List<DataType> inputTypes;
  private final List<Object> constants = new ArrayList<>();
  private final List<String> constantInits = new ArrayList<>();
  private final StringBuilder fields = new StringBuilder();
  private final StringBuilder methods = new StringBuilder();
  private int counter;

  // The second (no-nulls) variant of a method replays the fields the first one allocated.
  private List<String> recorded;
  private int replayAt;
  private boolean replaying;
  private boolean assumeNoNulls;
  /** Temp fill calls needed by the top-level expression being generated, in dependency order. */
  private List<String> fills = new ArrayList<>();

  SourceGenerator(RexBuilder rexBuilder, List<DataType> inputTypes) {
    this.rexBuilder = rexBuilder;
    this.inputTypes = inputTypes;
  }

  List<Object> constants() {
    return constants;
  }

  // ---------------------------------------------------------------- values and bodies

  /** The result of generated code: Java expressions for the null flag and the value. */
  static final class Val {
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

  /** A materialised sub-expression: a vector field, its fill method, its deferred errors. */
  static final class Temp {
    final String name;
    final DataType type;

    Temp(String name, DataType type) {
      this.name = name;
      this.type = type;
    }
  }

  /** One operand's code and value, kept apart until the parent decides where the code goes. */
  final class Part {
    Body body;
    Val val;
    final boolean safe;

    Part(Body body, Val val, boolean safe) {
      this.body = body;
      this.val = val;
      this.safe = safe;
    }
  }

  private String name(String prefix) {
    return prefix + (counter++);
  }

  private String field(String prefix, String javaType, String init) {
    if (replaying) {
      return recorded.get(replayAt++);
    }
    String n = name(prefix);
    fields.append("  private ").append(javaType).append(' ').append(n);
    if (init != null) {
      fields.append(" = ").append(init);
    }
    fields.append(";\n");
    if (recorded != null) {
      recorded.add(n);
    }
    return n;
  }

  /** A field holding {@code value} from the constants array; {@code unbox} uses # for the element. */
  private String constant(String javaType, Object value, String unbox) {
    boolean wasReplaying = replaying;
    String n = field("c", javaType, null);
    if (!wasReplaying) {
      int index = constants.size();
      constants.add(value);
      constantInits.add(n + " = " + unbox.replace("#", "k[" + index + "]") + ";");
    }
    return n;
  }

  private String scratch() {
    return field("s", "Scratch", "new Scratch()");
  }

  static SluiceException unsupported(String what) {
    return new SluiceException(ErrorCode.UNSUPPORTED, "Function " + what + " is not supported yet");
  }

  static DataType typeOf(RelDataType type) {
    if (type.getSqlTypeName() == SqlTypeName.SYMBOL) {
      return DataType.of(TypeKind.NULL);
    }
    try {
      return TypeMapping.toDataType(type);
    } catch (SluiceException e) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "Type " + type.getFullTypeString() + " is not supported yet");
    }
  }

  static String javaType(DataType t) {
    switch (t.physical()) {
      case BOOLEAN:
        return "boolean";
      case DOUBLE:
        return "double";
      default:
        return "long";
    }
  }

  private static String zero(DataType t) {
    switch (t.physical()) {
      case BOOLEAN:
        return "false";
      case DOUBLE:
        return "0.0";
      default:
        return "0L";
    }
  }

  /** Declares result variables (initially null) and returns them. */
  private Val declare(Body b, DataType type, RelDataType rel) {
    String n = name("n");
    String v = name("v");
    b.add("boolean " + n + " = true;");
    if (type.physical() == TypeKind.PhysicalKind.BYTES) {
      String o = name("o");
      String l = name("l");
      b.add("byte[] " + v + " = Strings.EMPTY; int " + o + " = 0; int " + l + " = 0;");
      return new Val(type, rel, n, v, o, l);
    }
    b.add(javaType(type) + " " + v + " = " + zero(type) + ";");
    return new Val(type, rel, n, v, null, null);
  }

  private static void assign(Body b, Val target, Val source) {
    if (target.isBytes()) {
      b.add(target.isNull + " = " + source.isNull + "; " + target.value + " = " + source.value + "; "
          + target.offset + " = " + source.offset + "; " + target.length + " = " + source.length + ";");
    } else {
      b.add(target.isNull + " = " + source.isNull + "; " + target.value + " = " + source.value + ";");
    }
  }

  private static String orNulls(Val... vals) {
    StringBuilder sb = new StringBuilder();
    for (Val v : vals) {
      if (!v.neverNull()) {
        if (sb.length() > 0) {
          sb.append(" || ");
        }
        sb.append(v.isNull);
      }
    }
    return sb.length() == 0 ? "false" : sb.toString();
  }

  /** A scalar result computed only when no operand is null. */
  private Val strict(Body b, DataType type, RelDataType rel, String expression, Val... args) {
    String nulls = orNulls(args);
    String v = name("v");
    if (nulls.equals("false")) {
      b.add(javaType(type) + " " + v + " = " + expression + ";");
      return new Val(type, rel, "false", v, null, null);
    }
    String n = name("n");
    b.add("boolean " + n + " = " + nulls + ";");
    b.add(javaType(type) + " " + v + " = " + zero(type) + ";");
    b.add("if (!" + n + ") { " + v + " = " + expression + "; }");
    return new Val(type, rel, n, v, null, null);
  }

  /** A string result built in a scratch buffer; {@code lengthExpression} returns its length. */
  private Val strictScratch(Body b, DataType type, RelDataType rel, String scratch, String lengthExpression,
      Val... args) {
    return strictBytes(b, type, rel, args, (v, o, l) ->
        l + " = " + lengthExpression + "; " + v + " = " + scratch + ".buf; " + o + " = 0;");
  }

  /** A string result that is a view into {@code source}; {@code viewExpression} returns the packed view. */
  private Val strictView(Body b, DataType type, RelDataType rel, Val source, String viewExpression, Val... args) {
    String p = name("p");
    return strictBytes(b, type, rel, args, (v, o, l) ->
        "long " + p + " = " + viewExpression + "; " + v + " = " + source.value + "; " + o + " = " + source.offset
            + " + Strings.viewStart(" + p + "); " + l + " = Strings.viewLength(" + p + ");");
  }

  private interface BytesCode {
    String code(String v, String o, String l);
  }

  private Val strictBytes(Body b, DataType type, RelDataType rel, Val[] args, BytesCode code) {
    String nulls = orNulls(args);
    String n = name("n");
    String v = name("v");
    String o = name("o");
    String l = name("l");
    b.add("boolean " + n + " = " + nulls + ";");
    b.add("byte[] " + v + " = Strings.EMPTY; int " + o + " = 0; int " + l + " = 0;");
    String stmt = code.code(v, o, l);
    if (nulls.equals("false")) {
      b.add(stmt);
      return new Val(type, rel, "false", v, o, l);
    }
    b.add("if (!" + n + ") { " + stmt + " }");
    return new Val(type, rel, n, v, o, l);
  }

  // ---------------------------------------------------------------- class assembly

  /** Generates the whole class. */
  String generate(RexNode condition, List<RexNode> projects, List<DataType> outputTypes) {
    StringBuilder process = new StringBuilder();
    StringBuilder ctor = new StringBuilder();
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
    ctor.append("    ColumnVector[] columns = new ColumnVector[" + projects.size() + "];\n");
    List<String> calls = new ArrayList<>();
    for (int i = 0; i < projects.size(); i++) {
      RexNode p = projects.get(i);
      DataType outType = outputTypes.get(i);
      if (p instanceof RexInputRef) {
        calls.add("    out.columns[" + i + "] = in.columns[" + ((RexInputRef) p).getIndex() + "];\n");
        ctor.append("    columns[" + i + "] = ColumnVector.create(DataType.of(TypeKind.NULL), 1);\n");
        continue;
      }
      String vector = field("out", vectorClass(outType), null);
      ctor.append("    " + vector + " = new " + vectorClass(outType) + "(1024);\n");
      ctor.append("    columns[" + i + "] = " + vector + ";\n");
      calls.add(topLevel(p, new Output(vector, outType), "project").replace("%ARGS%", "in, sel, count"));
    }
    for (int start = 0; start < calls.size(); start += CALL_CHUNK) {
      String chunk = name("projectAll");
      methods.append("  private void ").append(chunk).append("(Batch in, int[] sel, int count) {\n");
      for (String c : calls.subList(start, Math.min(calls.size(), start + CALL_CHUNK))) {
        methods.append(c);
      }
      methods.append("  }\n\n");
      process.append("    ").append(chunk).append("(in, sel, count);\n");
    }
    process.append("    return out;\n  }\n");

    StringBuilder src = new StringBuilder();
    src.append("import io.sluice.catalog.DataType;\n");
    src.append("import io.sluice.catalog.TypeKind;\n");
    src.append("import io.sluice.catalog.data.*;\n");
    src.append("import io.sluice.codegen.runtime.*;\n\n");
    src.append("public final class ").append(CLASS_NAME).append(" implements FilterProject {\n");
    src.append("  private final Batch out;\n");
    src.append("  private int[] selectionBuffer = new int[0];\n");
    src.append("  private final long currentTimestamp;\n  private final long localTimestamp;\n");
    src.append("  private final long currentDate;\n  private final long currentTime;\n");
    src.append(fields);
    src.append("\n  public ").append(CLASS_NAME).append("(Object[] k, QueryContext context) {\n");
    src.append("    currentTimestamp = context.currentTimestamp();\n");
    src.append("    localTimestamp = context.localTimestamp();\n");
    src.append("    currentDate = context.currentDate();\n");
    src.append("    currentTime = context.currentTime();\n");
    List<String> initMethods = new ArrayList<>();
    for (int start = 0; start < constantInits.size(); start += INIT_CHUNK) {
      String m = "init" + initMethods.size();
      initMethods.add(m);
      src.append("    ").append(m).append("(k);\n");
    }
    src.append(ctor);
    src.append("    out = new Batch(columns, 0);\n  }\n\n");
    for (int i = 0; i < initMethods.size(); i++) {
      src.append("  private void ").append(initMethods.get(i)).append("(Object[] k) {\n");
      for (String line : constantInits.subList(i * INIT_CHUNK, Math.min(constantInits.size(), (i + 1) * INIT_CHUNK))) {
        src.append("    ").append(line).append('\n');
      }
      src.append("  }\n\n");
    }
    src.append(process).append('\n');
    src.append(methods);
    src.append("}\n");
    return src.toString();
  }

  private static String vectorClass(DataType t) {
    switch (t.physical()) {
      case BOOLEAN:
        return "BooleanVector";
      case DOUBLE:
        return "DoubleVector";
      case BYTES:
        return "BytesVector";
      default:
        return "LongVector";
    }
  }

  /** Where a projection writes: an output vector field and the output type. */
  private static final class Output {
    final String vector;
    final DataType type;

    Output(String vector, DataType type) {
      this.vector = vector;
      this.type = type;
    }
  }

  /**
   * Generates the loop method(s) of one top-level expression and returns the statements that call
   * them, with %ARGS% standing for (batch, selection, count). A filter's call assigns count.
   */
  private String topLevel(RexNode node, Output output, String prefix) {
    fills = new ArrayList<>();
    recorded = new ArrayList<>();
    assumeNoNulls = false;
    Body body = new Body();
    Val val = gen(node, body);
    if (output != null) {
      val = coerce(body, val, output.type, null);
    }
    List<String> myFills = fills;
    String method = name(prefix);
    writeLoop(method, body, val, output);
    BitSet nullable = new BitSet();
    for (int i = body.inputs.nextSetBit(0); i >= 0; i = body.inputs.nextSetBit(i + 1)) {
      if (inputTypes.get(i).nullable()) {
        nullable.set(i);
      }
    }
    String call;
    String invoke = output == null ? "count = " : "";
    if (myFills.isEmpty() && !nullable.isEmpty()) {
      // the same tree again, assuming no nulls in the inputs; fields are shared with the first variant
      replaying = true;
      replayAt = 0;
      assumeNoNulls = true;
      Body fast = new Body();
      Val fastVal = gen(node, fast);
      if (output != null) {
        fastVal = coerce(fast, fastVal, output.type, null);
      }
      replaying = false;
      assumeNoNulls = false;
      writeLoop(method + "NoNulls", fast, fastVal, output);
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
      sb.append("    ").append(invoke).append(method).append(output == null ? "(%ARGS%, selectionBuffer);\n" : "(%ARGS%);\n");
      call = sb.toString();
    }
    recorded = null;
    return call;
  }

  private void preamble(StringBuilder m, Body body) {
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

  private void writeLoop(String method, Body body, Val val, Output output) {
    StringBuilder m = new StringBuilder();
    if (output == null) {
      m.append("  private int ").append(method).append("(Batch in, int[] sel, int count, int[] outSel) {\n");
    } else {
      m.append("  private void ").append(method).append("(Batch in, int[] sel, int count) {\n");
    }
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
    if (output == null) {
      m.append("    return c;\n");
    }
    m.append("  }\n\n");
    methods.append(m);
  }

  private static void writeOutputSetup(StringBuilder m, String vector, DataType type, String p) {
    m.append("    ").append(vector).append(".reset();\n");
    m.append("    ").append(vector).append(".ensureCapacity(in.size, 0);\n");
    if (type.physical() != TypeKind.PhysicalKind.BYTES) {
      m.append("    ").append(javaType(type)).append("[] ").append(p).append("Values = ").append(vector).append(".values;\n");
      m.append("    boolean[] ").append(p).append("Nulls = ").append(vector).append(".nulls;\n");
    } else {
      m.append("    BytesVector ").append(p).append("Vector = ").append(vector).append(";\n");
    }
  }

  private static void writeOutputRow(StringBuilder m, String vector, DataType type, Val val, String p) {
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

  // ---------------------------------------------------------------- materialisation

  private int size(List<Part> parts) {
    int total = 0;
    for (Part p : parts) {
      total += p.body.code.length();
    }
    return total;
  }

  /** Materialises the largest operands until their code fits in one method comfortably. */
  private void balance(List<Part> parts) {
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
    if (replaying) {
      throw new IllegalStateException("materialisation while replaying");
    }
    DataType type = part.val.type.kind() == TypeKind.NULL ? DataType.of(TypeKind.BIGINT) : part.val.type;
    String vector = field("t", vectorClass(type), "new " + vectorClass(type) + "(1024)");
    String errors = field("e", "RuntimeException[]", null);
    Temp temp = new Temp(vector, type);
    String method = name("fill");
    StringBuilder m = new StringBuilder();
    m.append("  private void ").append(method).append("(Batch in, int[] sel, int count) {\n");
    preamble(m, part.body);
    writeOutputSetup(m, vector, type, "o");
    m.append("    if (").append(errors).append(" != null) { if (").append(errors).append(".length < in.size) { ")
        .append(errors).append(" = new RuntimeException[in.size]; } else { java.util.Arrays.fill(").append(errors)
        .append(", null); } }\n");
    m.append("    for (int k = 0; k < count; k++) {\n");
    m.append("      int r = sel == null ? k : sel[k];\n");
    m.append("      try {\n");
    m.append(part.body.code);
    writeOutputRow(m, vector, type, part.val, "o");
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
    methods.append(m);
    fills.add(method);

    Body read = new Body();
    read.temps.add(temp);
    read.add("if (" + errors + " != null && " + errors + "[r] != null) { throw " + errors + "[r]; }");
    String n = name("n");
    read.add("boolean " + n + " = " + vector + "n[r];");
    Val val;
    if (type.physical() == TypeKind.PhysicalKind.BYTES) {
      String o = name("o");
      String l = name("l");
      read.add("int " + o + " = " + vector + "o[r]; int " + l + " = " + vector + "o[r + 1] - " + o + ";");
      val = new Val(part.val.type, part.val.rel, n, vector + "d", o, l);
    } else {
      String v = name("v");
      read.add(javaType(type) + " " + v + " = " + vector + "v[r];");
      val = new Val(part.val.type, part.val.rel, n, v, null, null);
    }
    part.body = read;
    part.val = val;
  }

  private Part part(RexNode node) {
    Body b = new Body();
    Val v = gen(node, b);
    return new Part(b, v, isSafe(node));
  }

  /** Generates operands (balanced) and appends their code to {@code b} in order. */
  private Val[] operands(List<RexNode> nodes, Body b) {
    List<Part> parts = new ArrayList<>();
    for (RexNode n : nodes) {
      parts.add(part(n));
    }
    balance(parts);
    Val[] vals = new Val[parts.size()];
    for (int i = 0; i < parts.size(); i++) {
      b.append(parts.get(i).body);
      vals[i] = parts.get(i).val;
    }
    return vals;
  }

  /** Whether evaluating {@code node} can neither throw nor cost much, so AND/OR may evaluate it eagerly. */
  private static boolean isSafe(RexNode node) {
    if (node instanceof RexInputRef || node instanceof RexLiteral) {
      return true;
    }
    if (!(node instanceof RexCall)) {
      return false;
    }
    RexCall call = (RexCall) node;
    switch (call.getKind()) {
      case EQUALS:
      case NOT_EQUALS:
      case LESS_THAN:
      case LESS_THAN_OR_EQUAL:
      case GREATER_THAN:
      case GREATER_THAN_OR_EQUAL:
      case IS_NULL:
      case IS_NOT_NULL:
      case IS_TRUE:
      case IS_NOT_TRUE:
      case IS_FALSE:
      case IS_NOT_FALSE:
      case NOT:
      case AND:
      case OR:
        for (RexNode o : call.getOperands()) {
          if (!isSafe(o)) {
            return false;
          }
        }
        return true;
      default:
        return false;
    }
  }

  // ---------------------------------------------------------------- expressions

  Val gen(RexNode node, Body b) {
    if (node instanceof RexInputRef) {
      return inputRef((RexInputRef) node, b);
    }
    if (node instanceof RexLiteral) {
      return literal((RexLiteral) node, b);
    }
    if (node instanceof RexCall) {
      return call((RexCall) node, b);
    }
    throw new SluiceException(ErrorCode.UNSUPPORTED,
        "Expression " + node.getKind() + " is not supported in generated code yet");
  }

  private Val inputRef(RexInputRef ref, Body b) {
    int i = ref.getIndex();
    DataType t = inputTypes.get(i);
    b.inputs.set(i);
    String isNull = !t.nullable() || assumeNoNulls ? "false" : "(im" + i + " && in" + i + "[r])";
    if (t.physical() == TypeKind.PhysicalKind.BYTES) {
      String o = name("o");
      String l = name("l");
      b.add("int " + o + " = io" + i + "[r]; int " + l + " = io" + i + "[r + 1] - " + o + ";");
      return new Val(t, ref.getType(), isNull, "iv" + i, o, l);
    }
    if (t.kind() == TypeKind.NULL) {
      return new Val(t, ref.getType(), "true", "0L", null, null);
    }
    return new Val(t, ref.getType(), isNull, "iv" + i + "[r]", null, null);
  }

  private Val nullOf(DataType t, RelDataType rel) {
    if (t.physical() == TypeKind.PhysicalKind.BYTES) {
      return new Val(t, rel, "true", "Strings.EMPTY", "0", "0");
    }
    return new Val(t, rel, "true", zero(t), null, null);
  }

  private Val literal(RexLiteral lit, Body b) {
    DataType t = typeOf(lit.getType());
    if (lit.isNull()) {
      return nullOf(t, lit.getType());
    }
    switch (t.kind()) {
      case BOOLEAN:
        return new Val(t, lit.getType(), "false",
            constant("boolean", lit.getValueAs(Boolean.class), "((Boolean) #).booleanValue()"), null, null);
      case REAL:
      case DOUBLE:
        return new Val(t, lit.getType(), "false",
            constant("double", lit.getValueAs(Double.class), "((Double) #).doubleValue()"), null, null);
      case CHAR:
      case VARCHAR: {
        byte[] bytes = lit.getValueAs(String.class).getBytes(StandardCharsets.UTF_8);
        String c = constant("byte[]", bytes, "(byte[]) #");
        return new Val(t, lit.getType(), "false", c, "0", c + ".length");
      }
      case NULL:
        return nullOf(t, lit.getType());
      default:
        return new Val(t, lit.getType(), "false",
            constant("long", literalLong(lit, t), "((Long) #).longValue()"), null, null);
    }
  }

  /** The internal long of a literal of a LONG-physical type. */
  private static long literalLong(RexLiteral lit, DataType t) {
    switch (t.kind()) {
      case DECIMAL:
        return lit.getValueAs(BigDecimal.class).setScale(t.scale(), java.math.RoundingMode.HALF_UP)
            .unscaledValue().longValueExact();
      case DATE:
        return lit.getValueAs(Integer.class);
      case TIME:
        return lit.getValueAs(Integer.class);
      case TIMESTAMP:
        return lit.getValueAs(Long.class);
      case INTERVAL_DAY_TIME:
      case INTERVAL_YEAR_MONTH:
        return lit.getValueAs(BigDecimal.class).longValueExact();
      default:
        return lit.getValueAs(BigDecimal.class).longValueExact();
    }
  }

  private Val call(RexCall call, Body b) {
    SqlKind kind = call.getKind();
    DataType type = typeOf(call.getType());
    RelDataType rel = call.getType();
    switch (kind) {
      case AND:
      case OR:
        return andOr(call.getOperands(), kind == SqlKind.AND, b);
      case CASE:
        return caseWhen(call.getOperands(), 0, type, rel, b);
      case COALESCE:
        return coalesce(call.getOperands(), type, rel, b);
      case SEARCH:
        return search(call, b);
      case NOT: {
        Val a = operands(call.getOperands(), b)[0];
        return strict(b, type, rel, "!" + a.value, a);
      }
      case IS_NULL:
      case IS_NOT_NULL:
      case IS_TRUE:
      case IS_NOT_TRUE:
      case IS_FALSE:
      case IS_NOT_FALSE:
      case IS_UNKNOWN:
        return isPredicate(kind, operands(call.getOperands(), b)[0], type, rel, b);
      case EQUALS:
      case NOT_EQUALS:
      case LESS_THAN:
      case LESS_THAN_OR_EQUAL:
      case GREATER_THAN:
      case GREATER_THAN_OR_EQUAL: {
        Val[] ops = operands(call.getOperands(), b);
        return strict(b, type, rel, compare(kind, ops[0], ops[1]), ops);
      }
      case IS_DISTINCT_FROM:
      case IS_NOT_DISTINCT_FROM: {
        Val[] ops = operands(call.getOperands(), b);
        String eq = compare(SqlKind.EQUALS, ops[0], ops[1]);
        String v = name("v");
        String a = ops[0].isNull;
        String c = ops[1].isNull;
        String distinct = "((" + a + ") || (" + c + ") ? (" + a + ") != (" + c + ") : !(" + eq + "))";
        b.add("boolean " + v + " = " + (kind == SqlKind.IS_DISTINCT_FROM ? distinct : "!" + distinct) + ";");
        return new Val(type, rel, "false", v, null, null);
      }
      case PLUS:
      case MINUS:
      case TIMES:
      case DIVIDE:
      case MOD: {
        Val[] ops = operands(call.getOperands(), b);
        return arithmetic(kind, call.getOperator().getName(), ops[0], ops[1], type, rel, b);
      }
      case MINUS_PREFIX: {
        Val a = operands(call.getOperands(), b)[0];
        return negate(a, type, rel, b);
      }
      case PLUS_PREFIX:
      case REINTERPRET: {
        Val a = operands(call.getOperands(), b)[0];
        return new Val(type, rel, a.isNull, a.value, a.offset, a.length);
      }
      case CAST: {
        Val a = operands(call.getOperands(), b)[0];
        return cast(b, a, type, rel);
      }
      case LIKE:
        return like(call, type, rel, b);
      case EXTRACT:
        return extract(call, type, rel, b);
      case FLOOR:
      case CEIL:
        return floorCeil(call, kind == SqlKind.FLOOR, type, rel, b);
      case TRIM:
        return trim(call, type, rel, b);
      case POSITION:
        return position(call, type, rel, b);
      case TIMESTAMP_ADD:
      case TIMESTAMP_DIFF:
        throw unsupported(call.getOperator().getName() + " (in its unconverted form)");
      default:
        return function(call, type, rel, b);
    }
  }

  private Val function(RexCall call, DataType type, RelDataType rel, Body b) {
    String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
    switch (name) {
      case "CURRENT_TIMESTAMP":
        return new Val(type, rel, "false", "currentTimestamp", null, null);
      case "LOCALTIMESTAMP":
        return new Val(type, rel, "false", "localTimestamp", null, null);
      case "CURRENT_DATE":
        return new Val(type, rel, "false", "currentDate", null, null);
      case "CURRENT_TIME":
      case "LOCALTIME":
        return new Val(type, rel, "false", "currentTime", null, null);
      case "PI":
        return new Val(type, rel, "false", "Math.PI", null, null);
      default:
        break;
    }
    Val[] ops = operands(call.getOperands(), b);
    switch (name) {
      case "||":
      case "CONCAT":
        return concat(ops, type, rel, b);
      case "UPPER":
        return stringFunction(b, type, rel, "upper", ops[0]);
      case "LOWER":
        return stringFunction(b, type, rel, "lower", ops[0]);
      case "INITCAP":
        return stringFunction(b, type, rel, "initcap", ops[0]);
      case "REVERSE":
        return stringFunction(b, type, rel, "reverse", ops[0]);
      case "CHAR_LENGTH":
      case "CHARACTER_LENGTH":
      case "LENGTH":
        return strict(b, type, rel, "Strings.charLength(" + ops[0].args() + ")", ops[0]);
      case "OCTET_LENGTH":
        return strict(b, type, rel, "(long) " + ops[0].length, ops[0]);
      case "SUBSTRING": {
        Val s = ops[0];
        String start = asLong(b, ops[1]);
        String view = ops.length == 2 ? "Strings.substring(" + s.args() + ", " + start + ")"
            : "Strings.substring(" + s.args() + ", " + start + ", " + asLong(b, ops[2]) + ")";
        return strictView(b, type, rel, s, view, ops);
      }
      case "LEFT":
        return strictView(b, type, rel, ops[0], "Strings.left(" + ops[0].args() + ", " + asLong(b, ops[1]) + ")", ops);
      case "RIGHT":
        return strictView(b, type, rel, ops[0], "Strings.right(" + ops[0].args() + ", " + asLong(b, ops[1]) + ")", ops);
      case "LTRIM":
        return strictView(b, type, rel, ops[0], "Strings.trimSpaces(true, false, " + ops[0].args() + ")", ops);
      case "RTRIM":
        return strictView(b, type, rel, ops[0], "Strings.trimSpaces(false, true, " + ops[0].args() + ")", ops);
      case "REPLACE": {
        String s = scratch();
        return strictScratch(b, type, rel, s, "Strings.replace(" + ops[0].args() + ", " + ops[1].args() + ", "
            + ops[2].args() + ", " + s + ")", ops);
      }
      case "LPAD":
      case "RPAD": {
        String s = scratch();
        String pad = ops.length > 2 ? ops[2].args() : constantSpace();
        return strictScratch(b, type, rel, s, "Strings.pad(" + name.equals("LPAD") + ", " + ops[0].args() + ", "
            + asLong(b, ops[1]) + ", " + pad + ", " + s + ")", ops);
      }
      case "REPEAT": {
        String s = scratch();
        return strictScratch(b, type, rel, s, "Strings.repeat(" + ops[0].args() + ", " + asLong(b, ops[1]) + ", " + s
            + ")", ops);
      }
      case "ABS":
        return abs(ops[0], type, rel, b);
      case "SIGN":
        return sign(ops[0], type, rel, b);
      case "ROUND":
      case "TRUNCATE":
        return roundTruncate(name.equals("ROUND"), ops, type, rel, b);
      case "POWER":
        return doubleResult(b, type, rel, "Math.pow(" + asDouble(ops[0]) + ", " + asDouble(ops[1]) + ")", ops);
      case "SQRT":
        return doubleResult(b, type, rel, "Math.sqrt(" + asDouble(ops[0]) + ")", ops);
      case "EXP":
        return doubleResult(b, type, rel, "Math.exp(" + asDouble(ops[0]) + ")", ops);
      case "LN":
        return doubleResult(b, type, rel, "Math.log(" + asDouble(ops[0]) + ")", ops);
      case "LOG10":
        return doubleResult(b, type, rel, "Math.log10(" + asDouble(ops[0]) + ")", ops);
      case "SIN":
      case "COS":
      case "TAN":
      case "ASIN":
      case "ACOS":
      case "ATAN":
      case "CBRT":
        return doubleResult(b, type, rel, "Math." + name.toLowerCase(java.util.Locale.ROOT) + "(" + asDouble(ops[0])
            + ")", ops);
      case "COT":
        return doubleResult(b, type, rel, "1.0 / Math.tan(" + asDouble(ops[0]) + ")", ops);
      case "ATAN2":
        return doubleResult(b, type, rel, "Math.atan2(" + asDouble(ops[0]) + ", " + asDouble(ops[1]) + ")", ops);
      case "DEGREES":
        return doubleResult(b, type, rel, "Math.toDegrees(" + asDouble(ops[0]) + ")", ops);
      case "RADIANS":
        return doubleResult(b, type, rel, "Math.toRadians(" + asDouble(ops[0]) + ")", ops);
      default:
        throw unsupported(call.getOperator().getName());
    }
  }

  private String constantSpace() {
    String c = constant("byte[]", new byte[] {' '}, "(byte[]) #");
    return c + ", 0, 1";
  }

  private Val doubleResult(Body b, DataType type, RelDataType rel, String expression, Val... ops) {
    Val v = strict(b, DataType.of(TypeKind.DOUBLE), rel, expression, ops);
    return type.kind() == TypeKind.DOUBLE ? v : cast(b, v, type, rel);
  }

  private Val stringFunction(Body b, DataType type, RelDataType rel, String function, Val s) {
    String scratch = scratch();
    return strictScratch(b, type, rel, scratch, "Strings." + function + "(" + s.args() + ", " + scratch + ")", s);
  }

  private Val concat(Val[] ops, DataType type, RelDataType rel, Body b) {
    String s = scratch();
    if (ops.length == 2) {
      return strictScratch(b, type, rel, s, "Strings.concat(" + ops[0].args() + ", " + ops[1].args() + ", " + s + ")",
          ops);
    }
    return strictBytes(b, type, rel, ops, (v, o, l) -> {
      StringBuilder sb = new StringBuilder(l + " = 0;");
      for (Val op : ops) {
        sb.append(' ').append(l).append(" = Strings.append(").append(s).append(", ").append(l).append(", ")
            .append(op.args()).append(");");
      }
      sb.append(' ').append(v).append(" = ").append(s).append(".buf; ").append(o).append(" = 0;");
      return sb.toString();
    });
  }

  /** An integer argument as a long expression. */
  private String asLong(Body b, Val v) {
    if (v.type.physical() == TypeKind.PhysicalKind.LONG && v.kind() != TypeKind.DECIMAL) {
      return v.value;
    }
    return cast(b, v, DataType.of(TypeKind.BIGINT), null).value;
  }

  private static String asDouble(Val v) {
    switch (v.kind()) {
      case DOUBLE:
      case REAL:
        return v.value;
      case DECIMAL:
        return "Decimals.toDouble(" + v.value + ", " + v.type.scale() + ")";
      default:
        return "((double) " + v.value + ")";
    }
  }

  private static int scaleOf(Val v) {
    return v.kind() == TypeKind.DECIMAL ? v.type.scale() : 0;
  }

  private static boolean isInterval(TypeKind k) {
    return k == TypeKind.INTERVAL_DAY_TIME || k == TypeKind.INTERVAL_YEAR_MONTH;
  }

  private static boolean isDatetime(TypeKind k) {
    return k == TypeKind.DATE || k == TypeKind.TIME || k == TypeKind.TIMESTAMP;
  }

  private static boolean isFloating(TypeKind k) {
    return k == TypeKind.DOUBLE || k == TypeKind.REAL;
  }

  // ---------------------------------------------------------------- logic

  private Val isPredicate(SqlKind kind, Val a, DataType type, RelDataType rel, Body b) {
    if (a.kind() == TypeKind.NULL) {
      a = new Val(DataType.of(TypeKind.BOOLEAN), a.rel, "true", "false", null, null);
    }
    String n = a.isNull;
    String v = a.value;
    String e;
    switch (kind) {
      case IS_NULL:
      case IS_UNKNOWN:
        e = n;
        break;
      case IS_NOT_NULL:
        e = "!" + n;
        break;
      case IS_TRUE:
        e = "!" + n + " && " + v;
        break;
      case IS_NOT_TRUE:
        e = n + " || !" + v;
        break;
      case IS_FALSE:
        e = "!" + n + " && !" + v;
        break;
      default:
        e = n + " || " + v;
        break;
    }
    String r = name("v");
    b.add("boolean " + r + " = " + e + ";");
    return new Val(type, rel, "false", r, null, null);
  }

  private Val andOr(List<RexNode> nodes, boolean isAnd, Body b) {
    List<Part> parts = new ArrayList<>();
    if (nodes.size() > WIDE) {
      for (int start = 0; start < nodes.size(); start += WIDE) {
        List<RexNode> group = nodes.subList(start, Math.min(nodes.size(), start + WIDE));
        Body gb = new Body();
        Val gv = andOr(group, isAnd, gb);
        boolean safe = true;
        for (RexNode n : group) {
          safe &= isSafe(n);
        }
        parts.add(new Part(gb, gv, safe));
      }
    } else {
      for (RexNode n : nodes) {
        parts.add(part(n));
      }
    }
    balance(parts);
    DataType type = DataType.of(TypeKind.BOOLEAN);
    boolean eager = true;
    for (Part p : parts) {
      eager &= p.safe;
    }
    if (eager) {
      // cheap operands that cannot fail: evaluate all, combine without branches
      StringBuilder decided = new StringBuilder();
      StringBuilder anyNull = new StringBuilder();
      for (Part p : parts) {
        b.append(p.body);
        Val v = p.val;
        if (v.kind() == TypeKind.NULL) {
          anyNull.append(anyNull.length() == 0 ? "" : " | ").append("true");
          continue;
        }
        String term = isAnd ? "!" + v.value : v.value;
        decided.append(decided.length() == 0 ? "" : " | ")
            .append(v.neverNull() ? term : "(!" + v.isNull + " & " + term + ")");
        if (!v.neverNull()) {
          anyNull.append(anyNull.length() == 0 ? "" : " | ").append(v.isNull);
        }
      }
      String d = name("d");
      b.add("boolean " + d + " = " + (decided.length() == 0 ? "false" : decided.toString()) + ";");
      String v = name("v");
      b.add("boolean " + v + " = " + (isAnd ? "!" + d : d) + ";");
      if (anyNull.length() == 0) {
        return new Val(type, null, "false", v, null, null);
      }
      String n = name("n");
      b.add("boolean " + n + " = !" + d + " & (" + anyNull + ");");
      return new Val(type, null, n, v, null, null);
    }
    String n = name("n");
    String v = name("v");
    b.add("boolean " + n + " = false;");
    b.add("boolean " + v + " = " + (isAnd ? "true" : "false") + ";");
    boolean first = true;
    for (Part p : parts) {
      Val pv = p.val;
      if (!first) {
        b.add("if (" + (isAnd ? v : "!" + v) + ") {");
      }
      b.append(p.body);
      String decisive = isAnd ? "!" + pv.value : pv.value;
      if (pv.kind() == TypeKind.NULL) {
        b.add(n + " = true;");
      } else if (pv.neverNull()) {
        b.add("if (" + decisive + ") { " + v + " = " + (isAnd ? "false" : "true") + "; }");
      } else {
        b.add("if (!" + pv.isNull + " && " + decisive + ") { " + v + " = " + (isAnd ? "false" : "true") + "; } else if ("
            + pv.isNull + ") { " + n + " = true; }");
      }
      if (!first) {
        b.add("}");
      }
      first = false;
    }
    b.add("if (" + (isAnd ? "!" + v : v) + ") { " + n + " = false; }");
    return new Val(type, null, n, v, null, null);
  }

  private Val caseWhen(List<RexNode> ops, int from, DataType type, RelDataType rel, Body b) {
    // ops: when, then, when, then, ..., else
    List<Part> parts = new ArrayList<>();
    int pairs = (ops.size() - from) / 2;
    int used = Math.min(pairs, WIDE);
    for (int i = 0; i < used; i++) {
      parts.add(part(ops.get(from + 2 * i)));
      Body vb = new Body();
      Val vv = coerce(vb, gen(ops.get(from + 2 * i + 1), vb), type, rel);
      parts.add(new Part(vb, vv, false));
    }
    Body eb = new Body();
    Val ev;
    int elseAt = from + 2 * used;
    if (used < pairs) {
      ev = caseWhen(ops, elseAt, type, rel, eb);
    } else if (elseAt < ops.size()) {
      ev = coerce(eb, gen(ops.get(elseAt), eb), type, rel);
    } else {
      ev = nullOf(type, rel);
    }
    parts.add(new Part(eb, ev, false));
    balance(parts);
    Val result = declare(b, type, rel);
    String done = name("d");
    b.add("boolean " + done + " = false;");
    for (int i = 0; i < used; i++) {
      Part cond = parts.get(2 * i);
      Part then = parts.get(2 * i + 1);
      if (i > 0) {
        b.add("if (!" + done + ") {");
      }
      b.append(cond.body);
      String test = cond.val.kind() == TypeKind.NULL ? "false"
          : cond.val.neverNull() ? cond.val.value : "!" + cond.val.isNull + " && " + cond.val.value;
      b.add("if (" + test + ") {");
      b.append(then.body);
      assign(b, result, then.val);
      b.add(done + " = true;");
      b.add("}");
      if (i > 0) {
        b.add("}");
      }
    }
    Part otherwise = parts.get(parts.size() - 1);
    b.add("if (!" + done + ") {");
    b.append(otherwise.body);
    assign(b, result, otherwise.val);
    b.add("}");
    return result;
  }

  private Val coalesce(List<RexNode> ops, DataType type, RelDataType rel, Body b) {
    List<Part> parts = new ArrayList<>();
    for (RexNode n : ops) {
      Body pb = new Body();
      Val pv = coerce(pb, gen(n, pb), type, rel);
      parts.add(new Part(pb, pv, false));
    }
    balance(parts);
    Val result = declare(b, type, rel);
    for (int i = 0; i < parts.size(); i++) {
      if (i > 0) {
        b.add("if (" + result.isNull + ") {");
      }
      b.append(parts.get(i).body);
      assign(b, result, parts.get(i).val);
      if (i > 0) {
        b.add("}");
      }
    }
    return result;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Val search(RexCall call, Body b) {
    RexNode operand = call.getOperands().get(0);
    RexLiteral literal = (RexLiteral) call.getOperands().get(1);
    Sarg sarg = literal.getValue() instanceof Sarg ? (Sarg) literal.getValue() : null;
    DataType t = typeOf(operand.getType());
    if (sarg != null && (sarg.isPoints() || sarg.isComplementedPoints()) && sarg.pointCount > 1) {
      boolean complement = !sarg.isPoints();
      com.google.common.collect.RangeSet set = complement ? sarg.rangeSet.complement() : sarg.rangeSet;
      Object points = points(set.asRanges(), t);
      if (points != null) {
        Val a = operands(List.of(operand), b)[0];
        String test;
        if (a.isBytes()) {
          String c = constant("byte[][]", points, "(byte[][]) #");
          test = "Strings.in(" + c + ", " + a.args() + ")";
        } else {
          String c = constant("long[]", points, "(long[]) #");
          test = "java.util.Arrays.binarySearch(" + c + ", " + a.value + ") >= 0";
        }
        if (complement) {
          test = "!(" + test + ")";
        }
        DataType bool = typeOf(call.getType());
        Val v = strict(b, bool, call.getType(), test, a);
        RexUnknownAs nullAs = sarg.nullAs;
        if (v.neverNull() || nullAs == RexUnknownAs.UNKNOWN) {
          return v;
        }
        String r = name("v");
        b.add("boolean " + r + " = " + v.isNull + " ? " + (nullAs == RexUnknownAs.TRUE) + " : " + v.value + ";");
        return new Val(bool, call.getType(), "false", r, null, null);
      }
    }
    return gen(RexUtil.expandSearch(rexBuilder, null, call), b);
  }

  /** Sorted internal values of point ranges, or null when they are not simple to convert. */
  private static Object points(java.util.Set<Range<?>> ranges, DataType t) {
    List<Object> values = new ArrayList<>();
    for (Range<?> r : ranges) {
      if (!r.hasLowerBound() || !r.hasUpperBound() || !r.lowerEndpoint().equals(r.upperEndpoint())) {
        return null;
      }
      values.add(r.lowerEndpoint());
    }
    if (t.physical() == TypeKind.PhysicalKind.BYTES) {
      byte[][] out = new byte[values.size()][];
      for (int i = 0; i < out.length; i++) {
        if (!(values.get(i) instanceof NlsString)) {
          return null;
        }
        out[i] = ((NlsString) values.get(i)).getValue().getBytes(StandardCharsets.UTF_8);
      }
      Arrays.sort(out, Arrays::compareUnsigned);
      return out;
    }
    if (t.physical() != TypeKind.PhysicalKind.LONG) {
      return null;
    }
    long[] out = new long[values.size()];
    for (int i = 0; i < out.length; i++) {
      Object v = values.get(i);
      if (v instanceof BigDecimal && (t.kind().isIntegral() || t.kind() == TypeKind.DECIMAL)) {
        BigDecimal d = ((BigDecimal) v).movePointRight(scaleOfType(t));
        if (d.stripTrailingZeros().scale() > 0) {
          return null;
        }
        out[i] = d.longValueExact();
      } else if (v instanceof DateString && t.kind() == TypeKind.DATE) {
        out[i] = ((DateString) v).getDaysSinceEpoch();
      } else if (v instanceof TimestampString && t.kind() == TypeKind.TIMESTAMP) {
        out[i] = ((TimestampString) v).getMillisSinceEpoch();
      } else if (v instanceof TimeString && t.kind() == TypeKind.TIME) {
        out[i] = ((TimeString) v).getMillisOfDay();
      } else {
        return null;
      }
    }
    Arrays.sort(out);
    return out;
  }

  private static int scaleOfType(DataType t) {
    return t.kind() == TypeKind.DECIMAL ? t.scale() : 0;
  }

  // ---------------------------------------------------------------- comparison and arithmetic

  /** A boolean Java expression comparing two non-null values. */
  private String compare(SqlKind kind, Val a, Val b) {
    String op;
    switch (kind) {
      case EQUALS:
        op = "==";
        break;
      case NOT_EQUALS:
        op = "!=";
        break;
      case LESS_THAN:
        op = "<";
        break;
      case LESS_THAN_OR_EQUAL:
        op = "<=";
        break;
      case GREATER_THAN:
        op = ">";
        break;
      default:
        op = ">=";
    }
    TypeKind x = a.kind();
    TypeKind y = b.kind();
    if (x == TypeKind.NULL || y == TypeKind.NULL) {
      return "false";
    }
    if (a.isBytes() && b.isBytes()) {
      if (kind == SqlKind.EQUALS) {
        return "Strings.equals(" + a.args() + ", " + b.args() + ")";
      }
      if (kind == SqlKind.NOT_EQUALS) {
        return "!Strings.equals(" + a.args() + ", " + b.args() + ")";
      }
      return "Strings.compare(" + a.args() + ", " + b.args() + ") " + op + " 0";
    }
    if (a.isBytes() || b.isBytes()) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "Comparison of " + a.type + " with " + b.type + " is not supported yet");
    }
    if (x == TypeKind.BOOLEAN || y == TypeKind.BOOLEAN) {
      return "(" + a.value + " ? 1 : 0) " + op + " (" + b.value + " ? 1 : 0)";
    }
    if (isFloating(x) || isFloating(y)) {
      return asDouble(a) + " " + op + " " + asDouble(b);
    }
    if ((x == TypeKind.DECIMAL || y == TypeKind.DECIMAL) && scaleOf(a) != scaleOf(b)) {
      return "Decimals.compare(" + a.value + ", " + scaleOf(a) + ", " + b.value + ", " + scaleOf(b) + ") " + op + " 0";
    }
    String l = a.value;
    String r = b.value;
    if (x == TypeKind.DATE && y == TypeKind.TIMESTAMP) {
      l = "(" + l + " * DateTimes.MILLIS_PER_DAY)";
    } else if (x == TypeKind.TIMESTAMP && y == TypeKind.DATE) {
      r = "(" + r + " * DateTimes.MILLIS_PER_DAY)";
    }
    return l + " " + op + " " + r;
  }

  private static String checkIntegral(TypeKind k, String expression) {
    switch (k) {
      case INTEGER:
        return "Arith.checkInt(" + expression + ")";
      case SMALLINT:
        return "Arith.checkSmallint(" + expression + ")";
      case TINYINT:
        return "Arith.checkTinyint(" + expression + ")";
      default:
        return expression;
    }
  }

  private Val arithmetic(SqlKind kind, String opName, Val a, Val c, DataType type, RelDataType rel, Body b) {
    TypeKind x = a.kind();
    TypeKind y = c.kind();
    TypeKind r = type.kind();
    if (x == TypeKind.NULL || y == TypeKind.NULL || r == TypeKind.NULL) {
      return nullOf(type, rel);
    }
    if (isDatetime(x) || isDatetime(y)) {
      return datetimeArithmetic(kind, a, c, type, rel, b);
    }
    if (isInterval(r) && (kind == SqlKind.TIMES || kind == SqlKind.DIVIDE)) {
      Val interval = isInterval(x) ? a : c;
      Val number = interval == a ? c : a;
      String e;
      if (isFloating(number.kind())) {
        e = kind == SqlKind.TIMES ? "Arith.doubleToLong(" + interval.value + " * " + number.value + ")"
            : "Arith.doubleToLong(Arith.divDouble(" + interval.value + ", " + number.value + "))";
      } else if (number.kind() == TypeKind.DECIMAL) {
        e = kind == SqlKind.TIMES
            ? "Decimals.multiply(" + interval.value + ", 0, " + number.value + ", " + scaleOf(number) + ", 0, 18)"
            : "Decimals.divide(" + interval.value + ", 0, " + number.value + ", " + scaleOf(number) + ", 0, 18)";
      } else {
        e = kind == SqlKind.TIMES ? "Arith.mulLong(" + interval.value + ", " + number.value + ")"
            : "Arith.divLong(" + interval.value + ", " + number.value + ")";
      }
      return strict(b, type, rel, e, a, c);
    }
    String e;
    if (isFloating(r)) {
      String p = asDouble(a);
      String q = asDouble(c);
      switch (kind) {
        case PLUS:
          e = p + " + " + q;
          break;
        case MINUS:
          e = p + " - " + q;
          break;
        case TIMES:
          e = p + " * " + q;
          break;
        case DIVIDE:
          e = "Arith.divDouble(" + p + ", " + q + ")";
          break;
        default:
          e = "Arith.modDouble(" + p + ", " + q + ")";
      }
      if (r == TypeKind.REAL) {
        e = "Arith.toReal(" + e + ")";
      }
    } else if (r == TypeKind.DECIMAL) {
      if (isFloating(x) || isFloating(y)) {
        throw new SluiceException(ErrorCode.UNSUPPORTED, "DECIMAL arithmetic on floating-point operands is not supported yet");
      }
      String f;
      switch (kind) {
        case PLUS:
          f = "add";
          break;
        case MINUS:
          f = "subtract";
          break;
        case TIMES:
          f = "multiply";
          break;
        case DIVIDE:
          f = "divide";
          break;
        default:
          f = "mod";
      }
      e = "Decimals." + f + "(" + a.value + ", " + scaleOf(a) + ", " + c.value + ", " + scaleOf(c) + ", "
          + type.scale() + ", " + type.precision() + ")";
    } else if (type.physical() == TypeKind.PhysicalKind.LONG) {
      String p = a.value;
      String q = c.value;
      if (x == TypeKind.DECIMAL || y == TypeKind.DECIMAL || isFloating(x) || isFloating(y)) {
        // integer result from non-integer operands: compute as DECIMAL and round to the integer type
        DataType wide = DataType.decimal(18, Math.max(scaleOf(a), scaleOf(c)));
        Val dv = arithmetic(kind, opName, isFloating(x) ? cast(b, a, wide, null) : a,
            isFloating(y) ? cast(b, c, wide, null) : c, wide, null, b);
        return cast(b, dv, type, rel);
      }
      switch (kind) {
        case PLUS:
          e = "Arith.addLong(" + p + ", " + q + ")";
          break;
        case MINUS:
          e = "Arith.subLong(" + p + ", " + q + ")";
          break;
        case TIMES:
          e = "Arith.mulLong(" + p + ", " + q + ")";
          break;
        case DIVIDE:
          e = "Arith.divLong(" + p + ", " + q + ")";
          break;
        default:
          e = "Arith.modLong(" + p + ", " + q + ")";
      }
      e = checkIntegral(r, e);
    } else {
      throw unsupported(opName + " on " + a.type + " and " + c.type);
    }
    return strict(b, type, rel, e, a, c);
  }

  private Val datetimeArithmetic(SqlKind kind, Val a, Val c, DataType type, RelDataType rel, Body b) {
    TypeKind x = a.kind();
    TypeKind y = c.kind();
    if (isDatetime(x) && isDatetime(y) && kind == SqlKind.MINUS) {
      // MINUS_DATE: the difference as an interval
      String p = x == TypeKind.DATE ? "(" + a.value + " * DateTimes.MILLIS_PER_DAY)" : a.value;
      String q = y == TypeKind.DATE ? "(" + c.value + " * DateTimes.MILLIS_PER_DAY)" : c.value;
      if (type.kind() == TypeKind.INTERVAL_YEAR_MONTH) {
        return strict(b, type, rel, "DateTimes.monthsBetweenTimestamps(" + p + ", " + q + ")", a, c);
      }
      return strict(b, type, rel, "Arith.subLong(" + p + ", " + q + ")", a, c);
    }
    Val dt = isDatetime(x) ? a : c;
    Val interval = dt == a ? c : a;
    if (!isInterval(interval.kind()) || (kind != SqlKind.PLUS && kind != SqlKind.MINUS)
        || (kind == SqlKind.MINUS && dt != a)) {
      throw unsupported(kind + " on " + a.type + " and " + c.type);
    }
    String amount = kind == SqlKind.MINUS ? "Arith.negLong(" + interval.value + ")" : interval.value;
    String e;
    boolean months = interval.kind() == TypeKind.INTERVAL_YEAR_MONTH;
    switch (dt.kind()) {
      case DATE:
        e = months ? "DateTimes.addMonthsToDate(" + dt.value + ", " + amount + ")"
            : "DateTimes.addMillisToDate(" + dt.value + ", " + amount + ")";
        break;
      case TIMESTAMP:
        e = months ? "DateTimes.addMonthsToTimestamp(" + dt.value + ", " + amount + ")"
            : "Arith.addLong(" + dt.value + ", " + amount + ")";
        break;
      default:
        e = months ? dt.value : "DateTimes.addMillisToTime(" + dt.value + ", " + amount + ")";
    }
    Val v = strict(b, dt.type, rel, e, a, c);
    return v.type.kind() == type.kind() ? v : cast(b, v, type, rel);
  }

  private Val negate(Val a, DataType type, RelDataType rel, Body b) {
    TypeKind k = a.kind();
    if (k == TypeKind.NULL) {
      return nullOf(type, rel);
    }
    if (isFloating(k)) {
      return strict(b, type, rel, "-" + a.value, a);
    }
    if (k == TypeKind.DECIMAL) {
      return strict(b, type, rel, "-" + a.value, a);
    }
    return strict(b, type, rel, checkIntegral(type.kind(), "Arith.negLong(" + a.value + ")"), a);
  }

  private Val abs(Val a, DataType type, RelDataType rel, Body b) {
    if (isFloating(a.kind())) {
      return strict(b, type, rel, "Math.abs(" + a.value + ")", a);
    }
    if (a.kind() == TypeKind.DECIMAL) {
      return strict(b, type, rel, "Math.abs(" + a.value + ")", a);
    }
    return strict(b, type, rel, checkIntegral(type.kind(), "Arith.absLong(" + a.value + ")"), a);
  }

  private Val sign(Val a, DataType type, RelDataType rel, Body b) {
    if (isFloating(a.kind())) {
      return strict(b, type, rel, "Math.signum(" + a.value + ")", a);
    }
    if (type.kind() == TypeKind.DECIMAL) {
      return strict(b, type, rel, "((long) Long.signum(" + a.value + ")) * " + io.sluice.codegen.runtime.Decimals.POW10[type.scale()] + "L", a);
    }
    return strict(b, type, rel, "(long) Long.signum(" + a.value + ")", a);
  }

  private Val roundTruncate(boolean round, Val[] ops, DataType type, RelDataType rel, Body b) {
    Val a = ops[0];
    String digits = ops.length > 1 ? asLong(b, ops[1]) : "0L";
    String e;
    if (isFloating(a.kind())) {
      e = (round ? "Arith.roundDouble(" : "Arith.truncateDouble(") + a.value + ", " + digits + ")";
      Val v = strict(b, DataType.of(TypeKind.DOUBLE), rel, e, ops);
      return type.kind() == TypeKind.DOUBLE ? v : cast(b, v, type, rel);
    }
    if (a.kind() == TypeKind.DECIMAL) {
      // rounding may carry into one more digit than the precision allows
      e = "Decimals.check(" + (round ? "Decimals.round(" : "Decimals.truncate(") + a.value + ", " + a.type.scale() + ", "
          + digits + "), " + a.type.precision() + ", " + a.type.scale() + ")";
      Val v = strict(b, a.type, rel, e, ops);
      return cast(b, v, type, rel);
    }
    e = checkIntegral(type.kind(), (round ? "Arith.roundLong(" : "Arith.truncateLong(") + a.value + ", " + digits + ")");
    Val v = strict(b, a.type, rel, e, ops);
    return cast(b, v, type, rel);
  }

  // ---------------------------------------------------------------- strings, patterns, dates

  private Val like(RexCall call, DataType type, RelDataType rel, Body b) {
    String opName = call.getOperator().getName().toUpperCase(Locale.ROOT);
    boolean negated = opName.equals("NOT LIKE");
    if (!opName.equals("LIKE") && !negated) {
      throw unsupported(call.getOperator().getName());
    }
    List<RexNode> ops = call.getOperands();
    RexNode pattern = ops.get(1);
    RexNode escape = ops.size() > 2 ? ops.get(2) : null;
    boolean constantPattern = pattern instanceof RexLiteral && (escape == null || escape instanceof RexLiteral);
    if (constantPattern && (((RexLiteral) pattern).isNull() || (escape != null && ((RexLiteral) escape).isNull()))) {
      return nullOf(type, rel);
    }
    if (constantPattern) {
      byte[] p = ((RexLiteral) pattern).getValueAs(String.class).getBytes(StandardCharsets.UTF_8);
      byte[] e = escape == null ? null : ((RexLiteral) escape).getValueAs(String.class).getBytes(StandardCharsets.UTF_8);
      LikePattern compiled = LikePattern.compile(p, 0, p.length, e, 0, e == null ? 0 : e.length);
      Val s = operands(List.of(ops.get(0)), b)[0];
      String c = constant("LikePattern", compiled, "(LikePattern) #");
      return strict(b, type, rel, (negated ? "!" : "") + c + ".matches(" + s.args() + ")", s);
    }
    Val[] vals = operands(ops, b);
    String cache = field("like", "LikePattern.Cache", "new LikePattern.Cache()");
    String esc = vals.length > 2 ? vals[2].args() : "null, 0, 0";
    return strict(b, type, rel, (negated ? "!" : "") + cache + ".get(" + vals[1].args() + ", " + esc + ").matches("
        + vals[0].args() + ")", vals);
  }

  private Val trim(RexCall call, DataType type, RelDataType rel, Body b) {
    SqlTrimFunction.Flag flag = ((RexLiteral) call.getOperands().get(0)).getValueAs(SqlTrimFunction.Flag.class);
    Val[] ops = operands(call.getOperands().subList(1, 3), b);
    boolean leading = flag != SqlTrimFunction.Flag.TRAILING;
    boolean trailing = flag != SqlTrimFunction.Flag.LEADING;
    return strictView(b, type, rel, ops[1],
        "Strings.trim(" + leading + ", " + trailing + ", " + ops[0].args() + ", " + ops[1].args() + ")", ops);
  }

  private Val position(RexCall call, DataType type, RelDataType rel, Body b) {
    Val[] ops = operands(call.getOperands(), b);
    String e = ops.length == 2 ? "Strings.position(" + ops[0].args() + ", " + ops[1].args() + ")"
        : "Strings.position(" + ops[0].args() + ", " + ops[1].args() + ", " + asLong(b, ops[2]) + ")";
    return strict(b, type, rel, e, ops);
  }

  private static String unit(TimeUnitRange range) {
    switch (range) {
      case YEAR:
      case QUARTER:
      case MONTH:
      case WEEK:
      case DAY:
      case HOUR:
      case MINUTE:
      case SECOND:
      case MILLISECOND:
      case MICROSECOND:
      case DOW:
      case ISODOW:
      case DOY:
      case EPOCH:
      case DECADE:
      case CENTURY:
      case MILLENNIUM:
      case ISOYEAR:
        return "DateTimes." + range.name();
      default:
        throw unsupported("EXTRACT/FLOOR/CEIL with unit " + range);
    }
  }

  private Val extract(RexCall call, DataType type, RelDataType rel, Body b) {
    TimeUnitRange range = ((RexLiteral) call.getOperands().get(0)).getValueAs(TimeUnitRange.class);
    Val a = operands(call.getOperands().subList(1, 2), b)[0];
    String u = unit(range);
    String e;
    switch (a.kind()) {
      case DATE:
        e = "DateTimes.extractFromDate(" + u + ", " + a.value + ")";
        break;
      case TIMESTAMP:
        e = "DateTimes.extractFromTimestamp(" + u + ", " + a.value + ")";
        break;
      case TIME:
        e = "DateTimes.extractFromTime(" + u + ", " + a.value + ")";
        break;
      case INTERVAL_YEAR_MONTH:
        e = "DateTimes.extractFromMonths(" + u + ", " + a.value + ")";
        break;
      case INTERVAL_DAY_TIME:
        e = "DateTimes.extractFromMillis(" + u + ", " + a.value + ")";
        break;
      case NULL:
        return nullOf(type, rel);
      default:
        throw unsupported("EXTRACT from " + a.type);
    }
    Val v = strict(b, DataType.of(TypeKind.BIGINT), rel, e, a);
    return type.kind() == TypeKind.BIGINT ? v : cast(b, v, type, rel);
  }

  private Val floorCeil(RexCall call, boolean floor, DataType type, RelDataType rel, Body b) {
    if (call.getOperands().size() == 2) {
      TimeUnitRange range = ((RexLiteral) call.getOperands().get(1)).getValueAs(TimeUnitRange.class);
      Val a = operands(call.getOperands().subList(0, 1), b)[0];
      String u = unit(range);
      String f = floor ? "floor" : "ceil";
      switch (a.kind()) {
        case DATE:
          return strict(b, type, rel, "DateTimes." + f + "Date(" + a.value + ", " + u + ")", a);
        case TIMESTAMP:
          return strict(b, type, rel, "DateTimes." + f + "Timestamp(" + a.value + ", " + u + ")", a);
        case TIME:
          if (floor) {
            return strict(b, type, rel, "DateTimes.floorTime(" + a.value + ", " + u + ")", a);
          }
          throw unsupported("CEIL of TIME");
        default:
          throw unsupported((floor ? "FLOOR" : "CEIL") + " of " + a.type + " to a unit");
      }
    }
    Val a = operands(call.getOperands(), b)[0];
    switch (a.kind()) {
      case DOUBLE:
      case REAL:
        return strict(b, type, rel, (floor ? "Math.floor(" : "Math.ceil(") + a.value + ")", a);
      case DECIMAL: {
        int resultScale = type.kind() == TypeKind.DECIMAL ? type.scale() : 0;
        int resultPrecision = type.kind() == TypeKind.DECIMAL ? type.precision() : 18;
        Val v = strict(b, type.kind() == TypeKind.DECIMAL ? type : DataType.decimal(18, 0), rel,
            "Decimals." + (floor ? "floor(" : "ceil(") + a.value + ", " + a.type.scale() + ", " + resultScale + ", "
                + resultPrecision + ")", a);
        return cast(b, v, type, rel);
      }
      case NULL:
        return nullOf(type, rel);
      default:
        if (a.kind().isIntegral()) {
          return cast(b, a, type, rel);
        }
        throw unsupported((floor ? "FLOOR" : "CEIL") + " of " + a.type);
    }
  }

  // ---------------------------------------------------------------- casts

  /** Brings a value to the physical form of {@code to} (scale included) without changing text values. */
  Val coerce(Body b, Val a, DataType to, RelDataType rel) {
    if (a.kind() != TypeKind.NULL && a.type.physical() == to.physical()
        && (a.type.physical() != TypeKind.PhysicalKind.LONG || scaleOf(a) == scaleOfType(to))
        && (a.kind() == to.kind() || a.type.physical() != TypeKind.PhysicalKind.LONG
            || (a.kind().isIntegral() && to.kind().isIntegral() && rank(a.kind()) <= rank(to.kind())))) {
      return new Val(to, rel, a.isNull, a.value, a.offset, a.length);
    }
    return cast(b, a, to, rel);
  }

  private static int rank(TypeKind k) {
    switch (k) {
      case TINYINT:
        return 0;
      case SMALLINT:
        return 1;
      case INTEGER:
        return 2;
      default:
        return 3;
    }
  }

  /** CAST of {@code a} to {@code to}. */
  Val cast(Body b, Val a, DataType to, RelDataType rel) {
    TypeKind f = a.kind();
    TypeKind t = to.kind();
    if (f == TypeKind.NULL || "true".equals(a.isNull)) {
      return nullOf(to, rel);
    }
    if (f == t && (f != TypeKind.DECIMAL || a.type.scale() == to.scale() && a.type.precision() <= to.precision())
        && !to.kind().isString() && !(t == TypeKind.TIMESTAMP && to.precision() == 0 && a.type.precision() != 0)) {
      return new Val(to, rel, a.isNull, a.value, a.offset, a.length);
    }
    String target = to.sql();
    if (to.kind().isString()) {
      return castToString(b, a, to, rel);
    }
    String e;
    switch (t) {
      case TINYINT:
      case SMALLINT:
      case INTEGER:
      case BIGINT:
        if (f.isIntegral()) {
          e = a.value;
        } else if (f == TypeKind.DECIMAL) {
          e = "Decimals.toLong(" + a.value + ", " + a.type.scale() + ")";
        } else if (isFloating(f)) {
          e = "Arith.doubleToLong(" + a.value + ")";
        } else if (a.isBytes()) {
          e = "Casts.parseLong(" + a.args() + ", \"" + target + "\")";
        } else if (f == TypeKind.BOOLEAN) {
          e = "(" + a.value + " ? 1L : 0L)";
        } else if (isInterval(f)) {
          e = a.value + " / " + unitMultiplier(a.rel) + "L";
        } else {
          throw castUnsupported(a, to);
        }
        e = checkIntegral(t, e);
        break;
      case DECIMAL:
        if (f.isIntegral() || f == TypeKind.DECIMAL) {
          e = "Decimals.rescale(" + a.value + ", " + scaleOf(a) + ", " + to.scale() + ", " + to.precision() + ")";
        } else if (isFloating(f)) {
          e = "Decimals.fromDouble(" + a.value + ", " + to.scale() + ", " + to.precision() + ")";
        } else if (a.isBytes()) {
          e = "Decimals.parse(" + a.args() + ", " + to.scale() + ", " + to.precision() + ")";
        } else {
          throw castUnsupported(a, to);
        }
        break;
      case REAL:
      case DOUBLE:
        if (a.isBytes()) {
          e = "Casts.parseDouble(" + a.args() + ", \"" + target + "\")";
        } else if (f.isNumeric()) {
          e = asDouble(a);
        } else {
          throw castUnsupported(a, to);
        }
        if (t == TypeKind.REAL) {
          e = "Arith.toReal(" + e + ")";
        }
        break;
      case BOOLEAN:
        if (a.isBytes()) {
          e = "Casts.parseBoolean(" + a.args() + ")";
        } else if (f.isNumeric()) {
          e = isFloating(f) ? a.value + " != 0.0" : a.value + " != 0L";
        } else {
          throw castUnsupported(a, to);
        }
        break;
      case DATE:
        if (a.isBytes()) {
          e = "Casts.parseDate(" + a.args() + ")";
        } else if (f == TypeKind.TIMESTAMP) {
          e = "Math.floorDiv(" + a.value + ", DateTimes.MILLIS_PER_DAY)";
        } else {
          throw castUnsupported(a, to);
        }
        break;
      case TIME:
        if (a.isBytes()) {
          e = "Casts.parseTime(" + a.args() + ")";
        } else if (f == TypeKind.TIMESTAMP) {
          e = "Math.floorMod(" + a.value + ", DateTimes.MILLIS_PER_DAY)";
        } else {
          throw castUnsupported(a, to);
        }
        break;
      case TIMESTAMP:
        if (a.isBytes()) {
          e = "Casts.parseTimestamp(" + a.args() + ")";
        } else if (f == TypeKind.DATE) {
          e = "Arith.mulLong(" + a.value + ", DateTimes.MILLIS_PER_DAY)";
        } else if (f == TypeKind.TIMESTAMP) {
          e = a.value;
        } else {
          throw castUnsupported(a, to);
        }
        if (to.precision() == 0) {
          e = "Math.floorDiv(" + e + ", 1000L) * 1000L";
        }
        break;
      case INTERVAL_YEAR_MONTH:
        if (a.isBytes()) {
          boolean leadingYear = rel != null && rel.getIntervalQualifier() != null
              && rel.getIntervalQualifier().getStartUnit() == TimeUnit.YEAR;
          e = "Casts.parseMonths(" + a.args() + ", " + leadingYear + ", \"" + intervalName(rel, to) + "\")";
        } else if (f.isIntegral()) {
          e = "Arith.mulLong(" + a.value + ", " + unitMultiplier(rel) + "L)";
        } else if (f == t) {
          e = a.value;
        } else {
          throw castUnsupported(a, to);
        }
        break;
      case INTERVAL_DAY_TIME:
        if (a.isBytes()) {
          e = "Casts.parseMillis(" + a.args() + ", " + leadingDayTimeUnit(rel) + ", \"" + intervalName(rel, to) + "\")";
        } else if (f.isIntegral()) {
          e = "Arith.mulLong(" + a.value + ", " + unitMultiplier(rel) + "L)";
        } else if (f == t) {
          e = a.value;
        } else {
          throw castUnsupported(a, to);
        }
        break;
      default:
        throw castUnsupported(a, to);
    }
    return strict(b, to, rel, e, a);
  }

  private static String intervalName(RelDataType rel, DataType to) {
    return rel != null ? rel.getSqlTypeName().getName().replace('_', ' ') : to.sql();
  }

  private static SluiceException castUnsupported(Val a, DataType to) {
    return new SluiceException(ErrorCode.UNSUPPORTED, "CAST from " + a.type.sql() + " to " + to.sql() + " is not supported yet");
  }

  /** Internal units (months or milliseconds) per unit of an interval type's leading field. */
  private static long unitMultiplier(RelDataType rel) {
    SqlIntervalQualifier q = rel == null ? null : rel.getIntervalQualifier();
    if (q == null) {
      return 1;
    }
    TimeUnit u = q.getStartUnit();
    return u.multiplier.longValueExact();
  }

  private static int leadingDayTimeUnit(RelDataType rel) {
    SqlIntervalQualifier q = rel == null ? null : rel.getIntervalQualifier();
    if (q == null) {
      return 0;
    }
    switch (q.getStartUnit()) {
      case HOUR:
        return 1;
      case MINUTE:
        return 2;
      case SECOND:
        return 3;
      default:
        return 0;
    }
  }

  private Val castToString(Body b, Val a, DataType to, RelDataType rel) {
    boolean fit = to.kind() == TypeKind.CHAR ? to.precision() >= 0 : to.precision() >= 0;
    boolean padded = to.kind() == TypeKind.CHAR;
    Val text;
    if (a.isBytes()) {
      text = a;
    } else {
      String s = scratch();
      String format;
      switch (a.kind()) {
        case TINYINT:
        case SMALLINT:
        case INTEGER:
        case BIGINT:
          format = "Casts.formatLong(" + a.value + ", " + s + ")";
          break;
        case DECIMAL:
          format = "Casts.formatDecimal(" + a.value + ", " + a.type.scale() + ", " + s + ")";
          break;
        case REAL:
          format = "Casts.formatReal(" + a.value + ", " + s + ")";
          break;
        case DOUBLE:
          format = "Casts.formatDouble(" + a.value + ", " + s + ")";
          break;
        case BOOLEAN:
          format = "Casts.formatBoolean(" + a.value + ", " + s + ")";
          break;
        case DATE:
          format = "Casts.formatDate(" + a.value + ", " + s + ")";
          break;
        case TIME:
          format = "Casts.formatTime(" + a.value + ", " + s + ")";
          break;
        case TIMESTAMP:
          format = "Casts.formatTimestamp(" + a.value + ", " + s + ")";
          break;
        case INTERVAL_YEAR_MONTH:
          format = "Casts.formatMonths(" + a.value + ", " + s + ")";
          break;
        case INTERVAL_DAY_TIME:
          format = "Casts.formatMillisInterval(" + a.value + ", " + s + ")";
          break;
        default:
          throw castUnsupported(a, to);
      }
      text = strictScratch(b, DataType.varchar(-1), rel, s, format, a);
    }
    if (!fit) {
      return new Val(to, rel, text.isNull, text.value, text.offset, text.length);
    }
    String s = scratch();
    return strictScratch(b, to, rel, s, "Strings.fit(" + text.args() + ", " + to.precision() + ", " + padded + ", " + s
        + ")", text);
  }
}
