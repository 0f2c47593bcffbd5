package io.sluice.engine.checkpoint;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the checkpoint's state belongs to ({@code plan}): the query, a fingerprint of its plan,
 * its output mode and sources, and each stateful operator's state format version and shape.
 * A restarted query keeps the state only when sources, output mode and stateful operators are
 * the same ({@link #incompatibilities}); other changes (a different projection, a filter above
 * the state, a new sink format) keep it.
 */
public record PlanRecord(String query, String fingerprint, String outputMode, List<String> sources,
    List<OperatorSchema> operators) {
  static final String KIND = "plan";
  static final int VERSION = 1;

  /** A stateful operator's state: its name, snapshot format version and shape. */
  public record OperatorSchema(String name, int version, String shape) {
    @Override
    public String toString() {
      return name + " (state format " + version + ": " + shape + ")";
    }
  }

  public PlanRecord {
    sources = List.copyOf(sources);
    operators = List.copyOf(operators);
  }

  /** Why a query planned as {@code now} cannot take state written under this plan; empty if it can. */
  public List<String> incompatibilities(PlanRecord now) {
    List<String> problems = new ArrayList<>();
    if (!sources.equals(now.sources)) {
      problems.add("the sources changed: the checkpoint's query read " + String.join(", ", sources)
          + ", this one reads " + String.join(", ", now.sources) + " (offsets are kept per source)");
    }
    if (!outputMode.equals(now.outputMode)) {
      problems.add("the output mode changed from " + outputMode + " to " + now.outputMode + " (the sink holds the"
          + " other mode's rows)");
    }
    int common = Math.min(operators.size(), now.operators.size());
    for (int i = 0; i < common; i++) {
      OperatorSchema was = operators.get(i);
      OperatorSchema is = now.operators.get(i);
      if (!was.equals(is)) {
        problems.add("stateful operator " + (i + 1) + " was " + was + " and is now " + is);
      }
    }
    for (int i = common; i < operators.size(); i++) {
      problems.add("stateful operator " + (i + 1) + ", " + operators.get(i) + ", is gone");
    }
    for (int i = common; i < now.operators.size(); i++) {
      problems.add("stateful operator " + (i + 1) + ", " + now.operators.get(i) + ", is new");
    }
    return problems;
  }

  void writeTo(DataOutput out) throws IOException {
    writeLongString(out, query);
    out.writeUTF(fingerprint);
    out.writeUTF(outputMode);
    out.writeInt(sources.size());
    for (String s : sources) {
      out.writeUTF(s);
    }
    out.writeInt(operators.size());
    for (OperatorSchema o : operators) {
      out.writeUTF(o.name());
      out.writeInt(o.version());
      writeLongString(out, o.shape());
    }
  }

  static PlanRecord readFrom(DataInput in) throws IOException {
    String query = readLongString(in);
    String fingerprint = in.readUTF();
    String mode = in.readUTF();
    List<String> sources = new ArrayList<>();
    for (int i = Records.count(in); i > 0; i--) {
      sources.add(in.readUTF());
    }
    List<OperatorSchema> operators = new ArrayList<>();
    for (int i = Records.count(in); i > 0; i--) {
      operators.add(new OperatorSchema(in.readUTF(), in.readInt(), readLongString(in)));
    }
    return new PlanRecord(query, fingerprint, mode, sources, operators);
  }

  /** Strings longer than writeUTF's 64 KB limit (a long query). */
  static void writeLongString(DataOutput out, String s) throws IOException {
    byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  static String readLongString(DataInput in) throws IOException {
    byte[] bytes = new byte[Records.count(in)];
    in.readFully(bytes);
    return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
  }
}
