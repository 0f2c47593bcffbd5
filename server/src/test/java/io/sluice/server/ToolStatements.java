package io.sluice.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A file of statements a tool sends, each after a line {@code -- SOURCE} naming where in the tool's
 * code it comes from, its text verbatim (trailing spaces included), then {@code ----}, the names of
 * its columns and the rows expected, values joined by '|' and NULL for null. Lines starting with '#' before the first
 * statement describe the file. Blocks whose source is {@code setup} make the data the others read.
 */
record ToolStatements(List<Block> setup, List<Block> statements) {

  /** One statement: its source, its text, and its column names and rows (the first line holds the names). */
  record Block(String source, String sql, List<String> rows) {}

  /** Reads the file at {@code resource} on the test class path. */
  static ToolStatements read(String resource) {
    try (InputStream in = ToolStatements.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ToolStatements parse(String text) {
    List<Block> setup = new ArrayList<>();
    List<Block> statements = new ArrayList<>();
    String source = null;
    StringBuilder sql = new StringBuilder();
    List<String> rows = null;
    for (String line : text.split("\n", -1)) {
      if (line.startsWith("-- ") && (source == null || rows != null)) {
        if (source != null) {
          (source.equals("setup") ? setup : statements).add(new Block(source, sql.toString(), List.copyOf(rows)));
        }
        source = line.substring(3);
        sql.setLength(0);
        rows = null;
      } else if (source == null) {
        if (!line.startsWith("#") && !line.isBlank()) {
          throw new IllegalArgumentException("text before the first statement: " + line);
        }
      } else if (rows == null && line.equals("----")) {
        rows = new ArrayList<>();
      } else if (rows == null) {
        sql.append(sql.length() == 0 ? "" : "\n").append(line);
      } else if (!line.isEmpty()) {
        rows.add(line);
      }
    }
    if (source != null && rows == null) {
      throw new IllegalArgumentException("statement without '----' after it: " + source);
    }
    if (source != null) {
      (source.equals("setup") ? setup : statements).add(new Block(source, sql.toString(), List.copyOf(rows)));
    }
    return new ToolStatements(List.copyOf(setup), List.copyOf(statements));
  }
}
