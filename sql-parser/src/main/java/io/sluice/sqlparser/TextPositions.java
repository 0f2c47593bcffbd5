package io.sluice.sqlparser;

import java.util.Arrays;

/**
 * Converts offsets in a text to 1-based line and column. A line ends at "\n", "\r\n" or a lone
 * "\r" (as in Calcite's parser), and a column counts UTF-16 chars, a tab being one column.
 */
final class TextPositions {
  private final String text;
  private final int[] lineStarts;
  private final int lineCount;
  /** Char offset of each code point, or null when the text has no surrogate pairs. */
  private final int[] charOffsetOfCodePoint;

  TextPositions(String text) {
    this.text = text;
    int[] starts = new int[16];
    int count = 1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean lineBreak = c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'));
      if (lineBreak) {
        if (count == starts.length) {
          starts = Arrays.copyOf(starts, count * 2);
        }
        starts[count++] = i + 1;
      }
    }
    this.lineStarts = starts;
    this.lineCount = count;
    int codePoints = text.codePointCount(0, text.length());
    if (codePoints == text.length()) {
      charOffsetOfCodePoint = null;
    } else {
      charOffsetOfCodePoint = new int[codePoints + 1];
      int offset = 0;
      for (int i = 0; i < codePoints; i++) {
        charOffsetOfCodePoint[i] = offset;
        offset += Character.charCount(text.codePointAt(offset));
      }
      charOffsetOfCodePoint[codePoints] = offset;
    }
  }

  String text() {
    return text;
  }

  int lineCount() {
    return lineCount;
  }

  /** 1-based line of a char offset. */
  int line(int offset) {
    int index = Arrays.binarySearch(lineStarts, 0, lineCount, offset);
    return index >= 0 ? index + 1 : -index - 1;
  }

  /** 1-based column of a char offset. */
  int column(int offset) {
    return offset - lineStarts[line(offset) - 1] + 1;
  }

  /** Char offset of a 1-based line and column. */
  int offset(int line, int column) {
    int clampedLine = Math.max(1, Math.min(line, lineCount));
    return Math.min(text.length(), lineStarts[clampedLine - 1] + Math.max(0, column - 1));
  }

  /** Text of a 1-based line, without its line break. */
  String lineText(int line) {
    int start = lineStarts[line - 1];
    int end = line < lineCount ? lineStarts[line] : text.length();
    while (end > start && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
      end--;
    }
    return text.substring(start, end);
  }

  /** ANTLR's char streams index code points; Java strings index UTF-16 chars. */
  int charOffset(int codePointIndex) {
    if (charOffsetOfCodePoint == null) {
      return codePointIndex;
    }
    return charOffsetOfCodePoint[Math.min(codePointIndex, charOffsetOfCodePoint.length - 1)];
  }
}
