package io.sluice.engine.connector.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The tokenizer alone, at every buffer size and read size that puts fields, quotes and line
 * breaks on either side of an 8-byte word or the end of the buffer.
 */
class CsvReaderTest {
  private static final int QUOTE = '"';

  /**
   * One record as the reader saw it: unescaped fields, then "!" when badly quoted, "open" for the
   * first line of a record whose quote is not closed, "long" for a line too long, then "@line".
   */
  private static List<List<String>> tokenize(byte[] input, int bufferSize, int readSize, int quote)
      throws IOException {
    return tokenize(input, bufferSize, readSize, quote, FilesOptions.DEFAULT_MAX_LINE_SIZE);
  }

  private static List<List<String>> tokenize(byte[] input, int bufferSize, int readSize, int quote, int maxRecord)
      throws IOException {
    CsvReader reader = new CsvReader(new TrickleStream(input, readSize), (byte) ',', quote, bufferSize, maxRecord);
    List<List<String>> records = new ArrayList<>();
    while (reader.next()) {
      List<String> fields = new ArrayList<>();
      for (int f = 0; f < reader.fieldCount; f++) {
        String text = new String(reader.buffer, reader.fieldStart[f], reader.fieldEnd[f] - reader.fieldStart[f],
            StandardCharsets.ISO_8859_1);
        if (reader.fieldKind[f] == CsvReader.ESCAPED) {
          text = text.replace("\"\"", "\"");
        }
        fields.add(text);
      }
      if (reader.badQuoting) {
        fields.add("!");
      }
      if (reader.quoteNotClosed) {
        fields.add("open " + new String(reader.buffer, reader.recordStart, reader.recordEnd - reader.recordStart,
            StandardCharsets.ISO_8859_1));
      }
      if (reader.tooLong) {
        fields.add("long");
      }
      fields.add("@" + reader.line);
      records.add(fields);
    }
    return records;
  }

  /** Tokenizes at many buffer and read sizes and checks every result is {@code expected}. */
  private static void assertTokens(String csv, List<List<String>> expected) throws IOException {
    assertTokens(csv, FilesOptions.DEFAULT_MAX_LINE_SIZE, expected);
  }

  private static void assertTokens(String csv, int maxRecord, List<List<String>> expected) throws IOException {
    byte[] input = csv.getBytes(StandardCharsets.ISO_8859_1);
    for (int bufferSize : new int[] {1, 2, 3, 7, 8, 9, 15, 16, 17, 33, 1 << 16}) {
      for (int readSize : new int[] {1, 3, 8, 13, Integer.MAX_VALUE}) {
        assertEquals(expected, tokenize(input, bufferSize, readSize, QUOTE, maxRecord),
            "buffer " + bufferSize + ", reads of " + readSize + " for " + csv);
      }
    }
  }

  private static List<String> record(String... fields) {
    return List.of(fields);
  }

  @Test
  void quotesAndDoubledQuotesOnEveryWordBoundary() throws IOException {
    for (int shift = 0; shift < 17; shift++) {
      String pad = "x".repeat(shift);
      String csv = pad + ",\"ab\"\"cdef,gh\"\"\",\"" + pad + "\"\n\"\",z\n";
      assertTokens(csv, List.of(record(pad, "ab\"cdef,gh\"", pad, "@1"), record("", "z", "@2")));
    }
  }

  @Test
  void lineBreaksInsideQuotesCountLines() throws IOException {
    assertTokens("1,\"two\nlines\nhere\",3\n4,5,6\n",
        List.of(record("1", "two\nlines\nhere", "3", "@1"), record("4", "5", "6", "@4")));
  }

  @Test
  void crlfEmptyFieldsAndLastLineWithoutBreak() throws IOException {
    assertTokens("a,,c\r\n,,\r\n\r\nlast,one", List.of(record("a", "", "c", "@1"), record("", "", "", "@2"),
        record("", "@3"), record("last", "one", "@4")));
    assertTokens("only\r", List.of(record("only", "@1")));
    assertTokens("x,\"q\"\r\ny", List.of(record("x", "q", "@1"), record("y", "@2")));
  }

  @Test
  void badQuotingIsReported() throws IOException {
    assertTokens("\"a\"b,c\n\"open,d", List.of(record("a", "c", "!", "@1"), record("open \"open,d", "@2")));
  }

  @Test
  void aQuoteNeverClosedCostsOneLineAndReadingGoesOnAtTheNext() throws IOException {
    assertTokens("1,\"open\r\n2,b\n3,c\n", List.of(record("open 1,\"open", "@1"), record("2", "b", "@2"),
        record("3", "c", "@3")));
  }

  @Test
  void aQuotedFieldSpansLinesUpToTheLimitOnly() throws IOException {
    String csv = "1,\"aaa\nbbbbbb\nccc\",x\n2,y\n";
    assertTokens(csv, 64, List.of(record("1", "aaa\nbbbbbb\nccc", "x", "@1"), record("2", "y", "@4")));
    assertTokens(csv, 10, List.of(record("open 1,\"aaa", "@1"), record("bbbbbb", "@2"), record("ccc\"", "x", "@3"),
        record("2", "y", "@4")));
  }

  @Test
  void aLineTooLongIsOneRecordAndIsSkippedWithoutBeingKept() throws IOException {
    String csv = "1,2\n" + "x,".repeat(40) + "\n3,4\n" + "y".repeat(25);
    assertTokens(csv, 20, List.of(record("1", "2", "@1"), record("long", "@2"), record("3", "4", "@3"),
        record("long", "@4")));
  }

  @Test
  void quoteInsideAnUnquotedFieldIsText() throws IOException {
    assertTokens("ab\"c,d\"\"\n", List.of(record("ab\"c", "d\"\"", "@1")));
  }

  @Test
  void withoutQuotingEveryByteIsText() throws IOException {
    byte[] input = {(byte) 0xFF, 'a', ',', '"', 'b', '\n'};
    List<List<String>> records = tokenize(input, 4, 2, -1);
    assertEquals(1, records.size());
    assertEquals(List.of("\u00FFa", "\"b", "@1"), records.get(0));
  }

  @Test
  void matchesTheFieldsItWasWrittenFrom() throws IOException {
    SplittableRandom random = new SplittableRandom(42);
    String alphabet = "ab,\"\n\r xyz0123456789";
    for (int round = 0; round < 200; round++) {
      StringBuilder csv = new StringBuilder();
      List<List<String>> expected = new ArrayList<>();
      int line = 1;
      int records = 1 + random.nextInt(6);
      for (int r = 0; r < records; r++) {
        List<String> fields = new ArrayList<>();
        int count = 1 + random.nextInt(5);
        int breaks = 0;
        for (int f = 0; f < count; f++) {
          StringBuilder value = new StringBuilder();
          int length = random.nextInt(20);
          for (int i = 0; i < length; i++) {
            value.append(alphabet.charAt(random.nextInt(alphabet.length())));
          }
          String text = value.toString();
          if (count == 1 && r == records - 1 && text.isEmpty()) {
            text = "x"; // an empty last line is no record at all
          }
          if (f > 0) {
            csv.append(',');
          }
          boolean needsQuotes = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
              || text.indexOf('\r') >= 0;
          if (needsQuotes || random.nextInt(4) == 0) {
            csv.append('"').append(text.replace("\"", "\"\"")).append('"');
            breaks += (int) text.chars().filter(c -> c == '\n').count();
          } else {
            csv.append(text);
          }
          fields.add(text);
        }
        fields.add("@" + line);
        expected.add(fields);
        line += 1 + breaks;
        if (r < records - 1 || random.nextBoolean()) {
          csv.append(random.nextBoolean() ? "\n" : "\r\n");
        }
      }
      assertTokens(csv.toString(), expected);
    }
  }

  @Test
  void recordLongerThanTheBufferGrowsIt() throws IOException {
    String longField = "y".repeat(1000);
    List<List<String>> records = tokenize((longField + ",1\n2,3\n").getBytes(StandardCharsets.ISO_8859_1), 16, 7,
        QUOTE);
    assertEquals(List.of(record(longField, "1", "@1"), record("2", "3", "@2")), records);
    assertTrue(records.size() == 2);
    assertFalse(records.get(0).contains("!"));
  }

  /** Hands out at most {@code readSize} bytes per read, to end reads anywhere in a record. */
  private static final class TrickleStream extends InputStream {
    private final ByteArrayInputStream in;
    private final int readSize;

    TrickleStream(byte[] bytes, int readSize) {
      this.in = new ByteArrayInputStream(bytes);
      this.readSize = readSize;
    }

    @Override
    public int read() {
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) {
      return in.read(b, off, Math.min(len, readSize));
    }
  }
}
