package io.sluice.engine.stream.script;

import java.util.ArrayList;
import java.util.List;

/**
 * A streaming test script: steps that feed sources, run micro-batches and check what the
 * queries emitted. The format, one step per block (blocks end at a blank line; {@code #} starts
 * a comment line):
 *
 * <pre>
 * sql                      statements, each ending with ';' (CREATE SOURCE/SINK/TABLE, SET, INSERT INTO a table)
 * sql error FRAGMENT       one statement that must fail with a message containing FRAGMENT
 * start SINK               the query on the following lines runs into SINK (manual trigger)
 * start SINK error FRAG    the query on the following lines is refused with a message containing FRAG
 * rows SOURCE              one row per line, SQL literals separated by commas, appended to a memory source
 * batch                    every query with something to do runs one micro-batch (at least one must)
 * batch SINK               the query into SINK runs one micro-batch (it must have something to do)
 * batch none               checks that no query has a batch to run
 * process                  runs batches until no query has anything to do
 * restart SINK             the query into SINK is saved between batches (offsets, watermark, every operator's
 *                          state, written to bytes and read back) and replaced by a new query of the same
 *                          statement resumed from that: later steps see no difference
 * end SOURCE               the memory source ends: queries close what waits on event time, then finish
 * clock +N ms|s|min        moves the processing-time clock the queries see
 * changes SINK             the changes committed to SINK since the last check: lines "+I | v1 | v2"
 * changes SINK ordered     the same, in the order they were written (a sorted complete-mode result)
 * sink SINK                SINK's content: lines "v1 | v2" (order ignored)
 * state SINK               the state of the query into SINK: lines "operator | rows"
 * watermark SINK           the watermark of the query into SINK, or "none"
 * event-time SINK          the event times the last batch of the query into SINK that read rows saw:
 *                          "min | max | avg", or "none"
 * late SINK N              N rows were late (dropped) so far in the query into SINK
 * differential off|on      switches the comparison, after each batch of a query, of its sink with the
 *                          same query run as a batch over all rows given so far (on by default)
 * </pre>
 */
record StreamScript(String name, List<String> lines, List<Step> steps) {

  /** One step: its command line split in words, the block's other lines, and where it starts (1-based). */
  record Step(String command, List<String> words, List<String> body, int line) {
    String word(int i) {
      return i < words.size() ? words.get(i) : null;
    }

    /** The words from {@code i} on, joined by spaces. */
    String rest(int i) {
      return i < words.size() ? String.join(" ", words.subList(i, words.size())) : "";
    }
  }

  static StreamScript parse(String name, String text) {
    List<String> lines = List.of(text.split("\n", -1));
    List<Step> steps = new ArrayList<>();
    int i = 0;
    while (i < lines.size()) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        i++;
        continue;
      }
      int start = i + 1;
      List<String> words = List.of(line.split("\\s+"));
      List<String> body = new ArrayList<>();
      i++;
      while (i < lines.size() && !lines.get(i).isBlank()) {
        if (!lines.get(i).strip().startsWith("#")) {
          body.add(lines.get(i));
        }
        i++;
      }
      steps.add(new Step(words.get(0), words, body, start));
    }
    return new StreamScript(name, lines, steps);
  }

  /** The script with a cursor on the line of {@code step}, a few lines either side. */
  String excerpt(Step step) {
    StringBuilder sb = new StringBuilder();
    int from = Math.max(1, step.line() - 12);
    int to = Math.min(lines.size(), step.line() + step.body().size() + 3);
    for (int n = from; n <= to; n++) {
      sb.append(n == step.line() ? ">> " : "   ").append(String.format("%4d  ", n)).append(lines.get(n - 1))
          .append('\n');
    }
    return sb.toString();
  }
}
