package io.sluice.engine.connector.files;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.SoftReference;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.CRC32;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.DataPageHeaderV2;
import org.apache.parquet.format.DictionaryPageHeader;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ParquetDecodingException;

/**
 * Reads the pages of one column chunk straight from the file, one page at a time, into buffers
 * it keeps from page to page, chunk to chunk and (through {@link Pool}) scan to scan.
 *
 * <p>The chunk's bytes are read with positional reads into a heap array (the whole chunk up to
 * 16 MB) and a SNAPPY page is decoded from there into another array ({@link SnappyDecoder}).
 * With parquet-hadoop's page reader each page went file → new heap array → direct buffer →
 * native snappy → direct buffer → new heap array, and every row group and page allocated its
 * buffers afresh (about 1.5 GB of garbage and 350 GCs per 9 M Nexmark bids). Other codecs go
 * through parquet's codec factory; UNCOMPRESSED pages are copied once.
 *
 * <p>A page whose header carries a CRC (parquet-mr writes them by default) is checked against
 * it before it is decompressed: a flipped bit is an error naming the file, column and page,
 * never a wrong value. CRC32 is an intrinsic of the JVM, a small cost next to decoding.
 */
final class ParquetPageReader {
  enum Kind { DICTIONARY, DATA_V1, DATA_V2 }

  /** Bytes read ahead at most: a chunk up to this size is read whole. */
  static final int READ_AHEAD = 16 << 20;
  /** Bytes first made available to parse a page header; more are read if it is longer. */
  static final int HEADER_BYTES = 4096;
  /**
   * Bytes asked of the channel per read: a read into a heap array passes through a temporary
   * direct buffer of its size, which the JDK keeps per thread.
   */
  private static final int READ_PIECE = 1 << 20;
  /** The system property that turns page checksum verification off (for measuring its cost). */
  static final String VERIFY_PROPERTY = "sluice.parquet.verify-checksums";

  private final int readAhead;
  private final int headerBytes;
  private FileInput input;
  private String column;

  /** File bytes {@code [windowStart, windowStart + windowLength)}. */
  private byte[] window = new byte[0];
  private int windowLength;
  private long windowStart;
  private final WindowStream stream = new WindowStream();

  private CompressionCodecName codec;
  /** File offset of the next page header. */
  private long next;
  private long chunkEnd;
  /** Values of the chunk's data pages not yet read. */
  private long valuesLeft;
  /** Pages of the chunk read so far (dictionary and data), to name a page in errors. */
  private int pageNumber;
  private final CRC32 crc = new CRC32();
  /**
   * Whether page checksums are verified: always, unless the system property
   * {@value #VERIFY_PROPERTY} is {@code false}, which only the benchmark measuring their cost sets.
   */
  private final boolean verifyChecksums = !"false".equals(System.getProperty(VERIFY_PROPERTY));

  /** The current page: its kind, its number of values (including NULLs), its encodings. */
  Kind kind;
  int valueCount;
  Encoding encoding;
  /** Definition levels' encoding of a v1 page. */
  Encoding definitionEncoding;
  /** The page's bytes after decompression, {@code data[0, length)}: for a v2 page its values only. */
  byte[] data = new byte[0];
  int length;
  /** A v2 page's definition levels, {@code levels[0, levelsLength)} (never compressed). */
  byte[] levels = new byte[0];
  int levelsLength;

  /** Parquet's codec factory, made only when a chunk uses a codec this class does not decode itself. */
  static final class Codecs implements AutoCloseable {
    private CompressionCodecFactory factory;

    CompressionCodecFactory.BytesInputDecompressor decompressor(CompressionCodecName codec) {
      if (factory == null) {
        factory = ParquetScan.readOptions().getCodecFactory();
      }
      return factory.getDecompressor(codec);
    }

    @Override
    public void close() {
      if (factory != null) {
        factory.release();
        factory = null;
      }
    }
  }

  /** A Parquet file open for reading: its channel, size and name, and the codecs of its scan. */
  record FileInput(FileChannel channel, long size, String name, Codecs codecs) {}

  /**
   * Page readers with their buffers, kept from one scan of a table to the next (a stream reads
   * a file or two per batch). Held softly: memory pressure frees them.
   */
  static final class Pool {
    private static final int MAX_IDLE = 32;
    private final ConcurrentLinkedQueue<SoftReference<ParquetPageReader>> idle = new ConcurrentLinkedQueue<>();
    private final int readAhead;
    private final int headerBytes;

    Pool() {
      this(READ_AHEAD, HEADER_BYTES);
    }

    /** A pool of readers that read ahead and parse headers in smaller steps (tests of the refills). */
    Pool(int readAhead, int headerBytes) {
      this.readAhead = readAhead;
      this.headerBytes = headerBytes;
    }

    ParquetPageReader take() {
      for (SoftReference<ParquetPageReader> held = idle.poll(); held != null; held = idle.poll()) {
        ParquetPageReader reader = held.get();
        if (reader != null) {
          return reader;
        }
      }
      return new ParquetPageReader(readAhead, headerBytes);
    }

    void give(ParquetPageReader reader) {
      reader.input = null;
      reader.windowLength = 0;
      if (idle.size() < MAX_IDLE) {
        idle.add(new SoftReference<>(reader));
      }
    }
  }

  private ParquetPageReader(int readAhead, int headerBytes) {
    this.readAhead = readAhead;
    this.headerBytes = headerBytes;
  }

  /** Starts on the chunk of column {@code column} of {@code input}. */
  void start(FileInput input, String column, ColumnChunkMetaData chunk) {
    if (chunk.isEncrypted()) {
      throw new ParquetDecodingException("Column '" + column + "' of '" + input.name() + "' is encrypted; Sluice reads"
          + " only unencrypted Parquet files: decrypt the file first.");
    }
    if (input != this.input) {
      windowLength = 0; // bytes of another file
    }
    this.input = input;
    this.column = column;
    this.codec = chunk.getCodec();
    this.next = chunk.getStartingPos();
    this.chunkEnd = next + chunk.getTotalSize();
    this.valuesLeft = chunk.getValueCount();
    this.pageNumber = 0;
  }

  /** Reads the next dictionary or data page, skipping index pages. */
  void next() throws IOException {
    while (true) {
      if (valuesLeft <= 0) {
        throw new ParquetDecodingException("Column chunk '" + column + "' has fewer values than its row group");
      }
      PageHeader header = readHeader();
      int compressedSize = header.getCompressed_page_size();
      int uncompressedSize = header.getUncompressed_page_size();
      if (compressedSize < 0 || uncompressedSize < 0) {
        throw corrupt("a page of negative size");
      }
      long body = next;
      next += compressedSize;
      pageNumber++;
      if (header.isSetCrc() && verifyChecksums) {
        verifyChecksum(header.getCrc(), body, compressedSize);
      }
      if (header.getType() == null) {
        continue; // a page type newer than this reader: skipped, as parquet-mr does
      }
      switch (header.getType()) {
        case DICTIONARY_PAGE: {
          DictionaryPageHeader dictionary = header.getDictionary_page_header();
          kind = Kind.DICTIONARY;
          valueCount = dictionary.getNum_values();
          encoding = encoding(dictionary.getEncoding());
          decompress(body, compressedSize, uncompressedSize, true);
          return;
        }
        case DATA_PAGE: {
          DataPageHeader page = header.getData_page_header();
          kind = Kind.DATA_V1;
          valueCount = page.getNum_values();
          encoding = encoding(page.getEncoding());
          definitionEncoding = encoding(page.getDefinition_level_encoding());
          valuesLeft -= valueCount;
          decompress(body, compressedSize, uncompressedSize, true);
          return;
        }
        case DATA_PAGE_V2: {
          DataPageHeaderV2 page = header.getData_page_header_v2();
          kind = Kind.DATA_V2;
          valueCount = page.getNum_values();
          encoding = encoding(page.getEncoding());
          int repetitionLength = page.getRepetition_levels_byte_length();
          int definitionLength = page.getDefinition_levels_byte_length();
          long levelBytes = (long) repetitionLength + definitionLength;
          if (repetitionLength < 0 || definitionLength < 0 || levelBytes > compressedSize
              || levelBytes > uncompressedSize) {
            throw corrupt("a v2 page whose levels do not fit it");
          }
          if (repetitionLength > 0) {
            throw new ParquetDecodingException("Column '" + column + "' is repeated");
          }
          valuesLeft -= valueCount;
          ensure(body, compressedSize);
          if (levels.length < definitionLength) {
            levels = new byte[definitionLength];
          }
          System.arraycopy(window, (int) (body - windowStart), levels, 0, definitionLength);
          levelsLength = definitionLength;
          decompress(body + definitionLength, compressedSize - definitionLength, uncompressedSize - definitionLength,
              page.isIs_compressed());
          return;
        }
        default:
          // index pages carry nothing a scan needs
      }
    }
  }

  /**
   * Checks the page's bytes as stored (after its header, before decompression) against the CRC32
   * its header carries, as the Parquet format defines it.
   */
  private void verifyChecksum(int expected, long body, int compressedSize) throws IOException {
    ensure(body, compressedSize);
    crc.reset();
    crc.update(window, (int) (body - windowStart), compressedSize);
    int actual = (int) crc.getValue();
    if (actual != expected) {
      throw new ParquetDecodingException("Page " + pageNumber + " of column '" + column + "' in '" + input.name()
          + "' (at offset " + body + ") fails its checksum: the page header says CRC32 " + hex(expected)
          + " but its bytes give " + hex(actual) + ". The file is damaged.");
    }
  }

  private static String hex(int value) {
    return String.format("%08x", value);
  }

  private static Encoding encoding(org.apache.parquet.format.Encoding encoding) {
    return Encoding.valueOf(encoding.name());
  }

  private ParquetDecodingException corrupt(String what) {
    return new ParquetDecodingException("Column chunk '" + column + "' of '" + input.name() + "' has " + what
        + " at offset " + next);
  }

  private PageHeader readHeader() throws IOException {
    ensure(next, Math.min(headerBytes, input.size() - next));
    while (true) {
      stream.at((int) (next - windowStart));
      try {
        PageHeader header = Util.readPageHeader(stream);
        next += stream.consumed();
        return header;
      } catch (IOException e) {
        long windowEnd = windowStart + windowLength;
        if (!stream.ranOut || windowEnd >= input.size()) {
          throw new ParquetDecodingException("Cannot read a page header of column '" + column + "' of '"
              + input.name() + "' at offset " + next + ": " + e.getMessage(), e);
        }
        ensure(next, Math.min(2 * (windowEnd - next), input.size() - next)); // a header with long statistics
      }
    }
  }

  /** Makes file bytes {@code [position, position + count)} available in {@link #window}. */
  private void ensure(long position, long count) throws IOException {
    if (position >= windowStart && position + count <= windowStart + windowLength) {
      return;
    }
    if (position < 0 || count > input.size() - position) {
      throw new ParquetDecodingException("Column chunk '" + column + "' of '" + input.name() + "' runs past the end"
          + " of the file at offset " + position);
    }
    long want = Math.max(count, Math.min(readAhead, chunkEnd - position));
    want = Math.min(want, input.size() - position);
    if (want > Integer.MAX_VALUE - 16) {
      throw corrupt("a page larger than 2 GB");
    }
    if (window.length < want) {
      window = new byte[(int) Math.max(want, Math.min(readAhead, 2L * window.length))];
    }
    windowStart = position;
    windowLength = 0;
    int read = 0;
    while (read < want) {
      int n = input.channel().read(ByteBuffer.wrap(window, read, (int) Math.min(READ_PIECE, want - read)),
          position + read);
      if (n < 0) {
        throw new ParquetDecodingException("File '" + input.name() + "' ends inside column chunk '" + column + "'");
      }
      read += n;
    }
    windowLength = read;
  }

  /** Decompresses {@code compressedSize} file bytes at {@code position} into {@link #data}. */
  private void decompress(long position, int compressedSize, int uncompressedSize, boolean compressed)
      throws IOException {
    ensure(position, compressedSize);
    if (data.length < uncompressedSize) {
      data = new byte[Math.max(uncompressedSize, Math.min(Integer.MAX_VALUE - 16, data.length + (data.length >> 1)))];
    }
    length = uncompressedSize;
    int from = (int) (position - windowStart);
    if (!compressed || codec == CompressionCodecName.UNCOMPRESSED) {
      if (compressedSize != uncompressedSize) {
        throw corrupt("an uncompressed page whose two sizes differ");
      }
      System.arraycopy(window, from, data, 0, compressedSize);
      return;
    }
    if (uncompressedSize == 0) {
      return;
    }
    if (codec == CompressionCodecName.SNAPPY) {
      try {
        int stated = SnappyDecoder.decodedLength(window, from, from + compressedSize);
        if (stated != uncompressedSize) {
          throw new ParquetDecodingException("it decodes to " + stated + " bytes but its page header says "
              + uncompressedSize);
        }
        SnappyDecoder.decode(window, from, from + compressedSize, data, uncompressedSize);
      } catch (ParquetDecodingException e) {
        throw new ParquetDecodingException("Column chunk '" + column + "' of '" + input.name() + "' has a corrupt"
            + " SNAPPY page at offset " + position + ": " + e.getMessage(), e);
      }
      return;
    }
    BytesInput bytes = input.codecs().decompressor(codec)
        .decompress(BytesInput.from(window, from, compressedSize), uncompressedSize);
    ByteBuffer out = bytes.toByteBuffer();
    if (out.remaining() != uncompressedSize) {
      throw corrupt("a " + codec + " page of " + out.remaining() + " bytes where its header says " + uncompressedSize);
    }
    out.get(data, 0, uncompressedSize);
  }

  /** Reads {@link #window} from an index on, noting whether a read wanted bytes past its end. */
  private final class WindowStream extends InputStream {
    private int start;
    private int position;
    boolean ranOut;

    void at(int index) {
      start = index;
      position = index;
      ranOut = false;
    }

    int consumed() {
      return position - start;
    }

    @Override
    public int read() {
      if (position >= windowLength) {
        ranOut = true;
        return -1;
      }
      return window[position++] & 0xFF;
    }

    @Override
    public int read(byte[] into, int offset, int count) {
      if (count == 0) {
        return 0;
      }
      int n = Math.min(count, windowLength - position);
      if (n <= 0) {
        ranOut = true;
        return -1;
      }
      System.arraycopy(window, position, into, offset, n);
      position += n;
      return n;
    }
  }
}
