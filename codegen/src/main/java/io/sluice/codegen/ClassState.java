package io.sluice.codegen;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rex.RexDynamicParam;

/**
 * The generated class under construction: unique local and member names, fields, the constants
 * passed to its constructor, and its methods.
 *
 * <p>The second (no-nulls) variant of a loop method generates the same expression tree again; while
 * {@link #replaying}, {@link #field} hands back the fields the first variant declared, in the
 * same order, instead of declaring new ones.
 */
final class ClassState {
  final List<Object> constants = new ArrayList<>();
  final List<String> constantInits = new ArrayList<>();
  /** The {@code ?} parameters read from the constants array, and where: {@code parameterSlots.get(i)} is the index of {@code parameters.get(i)}. */
  final List<RexDynamicParam> parameters = new ArrayList<>();
  final List<Integer> parameterSlots = new ArrayList<>();
  final StringBuilder fields = new StringBuilder();
  final StringBuilder methods = new StringBuilder();
  private int counter;

  /** Fields declared by the first variant of the method being generated; null outside one. */
  List<String> recorded;
  int replayAt;
  boolean replaying;
  /** Whether the method being generated may assume that no input column holds a null. */
  boolean assumeNoNulls;
  /** Temp fill calls needed by the top-level expression being generated, in dependency order. */
  List<String> fills = new ArrayList<>();

  String name(String prefix) {
    return prefix + (counter++);
  }

  String field(String prefix, String javaType, String init) {
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

  /**
   * Whether equal constants share one field: set for wide SELECT lists, whose fields would pass the
   * constant pool's 65,535 entries. Off otherwise, so that queries differing only in their literals
   * keep generating the same class.
   */
  boolean shareConstants;
  private final java.util.Map<List<Object>, String> shared = new java.util.HashMap<>();

  /** A field holding {@code value} from the constants array; {@code unbox} uses # for the element. */
  String constant(String javaType, Object value, String unbox) {
    boolean wasReplaying = replaying;
    List<Object> key = null;
    if (!wasReplaying && shareConstants && shareable(value)) {
      key = List.of(javaType, unbox, value.getClass(), value);
      String existing = shared.get(key);
      if (existing != null) {
        if (recorded != null) {
          recorded.add(existing); // the no-nulls variant replays the fields in the order they were asked for
        }
        return existing;
      }
    }
    String n = field("c", javaType, null);
    if (!wasReplaying) {
      int index = constants.size();
      constants.add(value);
      constantInits.add(n + " = " + unbox.replace("#", "k[" + index + "]") + ";");
      if (key != null) {
        shared.put(key, n);
      }
    }
    return n;
  }

  /** Values whose {@code equals} means the same constant: not NULL (parameters), not arrays. */
  private static boolean shareable(Object value) {
    return value instanceof Number || value instanceof String || value instanceof Boolean
        || value instanceof Character;
  }

  /** A field holding the value of {@code parameter}, which each run puts in the constants array. */
  String parameter(String javaType, String unbox, RexDynamicParam parameter) {
    boolean wasReplaying = replaying;
    int slot = constants.size();
    String n = constant(javaType, null, unbox);
    if (!wasReplaying) {
      parameters.add(parameter);
      parameterSlots.add(slot);
    }
    return n;
  }

  /** A field holding a scratch buffer for a string result. */
  String scratch() {
    return field("s", "Scratch", "new Scratch()");
  }
}
