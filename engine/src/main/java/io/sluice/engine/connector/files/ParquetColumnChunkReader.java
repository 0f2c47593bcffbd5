package io.sluice.engine.connector.files;

import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BooleanVector;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.DoubleVector;
import io.sluice.catalog.data.LongVector;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Decodes the pages of one column chunk straight into batch vectors, a batch at a time.
 *
 * <p>Pages come from a {@link ParquetPageReader}, decompressed into an array it reuses.
 * Definition levels and dictionary ids are decoded in bulk ({@link RleBitPackedDecoder}); a
 * dictionary is converted to the column's internal form once per chunk (PLAIN dictionaries of
 * numbers and strings straight from the page), so a dictionary page costs one array lookup per
 * value; PLAIN fixed-width values are read as little-endian words and PLAIN strings copied from
 * the page, one capacity check per batch. Other encodings (delta, byte-stream-split, RLE
 * booleans) go through parquet-column's own value readers, one value per call.
 */
final class ParquetColumnChunkReader {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle DOUBLES =
      MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle FLOATS = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

  private enum Mode { DICTIONARY, PLAIN, OTHER }

  private final ColumnDescriptor descriptor;
  private final ParquetColumnConverter converter;
  private final ParquetColumnConverter.Source source;
  private final int maxDefinition;
  /**
   * Whether PLAIN pages (and PLAIN dictionaries) are decoded here rather than by parquet-column:
   * fixed-width numbers and length-prefixed strings (not FIXED_LEN_BYTE_ARRAY, which has no
   * length prefix).
   */
  private final boolean plainHere;
  private final ParquetPageReader pages;

  private boolean dictionaryRead;
  private int dictionarySize;
  private long[] dictionaryLongs;
  private double[] dictionaryDoubles;
  /** String dictionary values: {@code dictionaryBytes[dictionaryStarts[id], + dictionaryLengths[id])}. */
  private byte[] dictionaryBytes;
  private int[] dictionaryStarts;
  private int[] dictionaryLengths;
  /** Per dictionary id, why its value does not fit the column; null when all fit. */
  private SluiceException[] dictionaryErrors;

  private int pageRemaining;
  private Mode mode;
  private final RleBitPackedDecoder definitions = new RleBitPackedDecoder();
  /** Definition levels in an encoding other than RLE (old BIT_PACKED levels). */
  private ValuesReader otherDefinitions;
  private final RleBitPackedDecoder ids = new RleBitPackedDecoder();
  private ValuesReader values;
  private byte[] data;
  private int position;
  private int dataEnd;
  private int booleanBit;

  private int[] levels = new int[Batch.DEFAULT_CAPACITY];
  private int[] idScratch = new int[Batch.DEFAULT_CAPACITY];

  /** A reader of the column {@code descriptor} of a file, reading pages with {@code pages}. */
  ParquetColumnChunkReader(ColumnDescriptor descriptor, ParquetColumnConverter converter, ParquetPageReader pages) {
    this.descriptor = descriptor;
    this.converter = converter;
    this.source = converter.source;
    this.maxDefinition = descriptor.getMaxDefinitionLevel();
    this.pages = pages;
    PrimitiveTypeName physical = descriptor.getPrimitiveType().getPrimitiveTypeName();
    this.plainHere = source == ParquetColumnConverter.Source.INT32 || source == ParquetColumnConverter.Source.INT64
        || source == ParquetColumnConverter.Source.FLOAT || source == ParquetColumnConverter.Source.DOUBLE
        || source == ParquetColumnConverter.Source.BOOLEAN
        || (source == ParquetColumnConverter.Source.BINARY && physical == PrimitiveTypeName.BINARY);
  }

  /** Starts on the column's chunk in the next row group; its dictionary is read with its first page. */
  void start(ParquetPageReader.FileInput input, ColumnChunkMetaData chunk) {
    if (descriptor.getMaxRepetitionLevel() > 0) {
      throw new ParquetDecodingException("Column '" + descriptor + "' is repeated");
    }
    pages.start(input, converter.column, chunk);
    this.pageRemaining = 0;
    this.dictionaryRead = false;
    this.dictionarySize = -1;
    this.dictionaryErrors = null;
  }

  /** Converts the dictionary page that {@link #pages} holds. */
  private void readDictionary() throws IOException {
    Encoding encoding = pages.encoding;
    Dictionary parsed = null;
    int size = pages.valueCount;
    boolean plain = plainHere && (encoding == Encoding.PLAIN || encoding == Encoding.PLAIN_DICTIONARY);
    if (!plain) {
      parsed = encoding.initDictionary(descriptor,
          new DictionaryPage(BytesInput.from(pages.data, 0, pages.length), size, encoding));
      size = parsed.getMaxId() + 1;
    } else if (size < 0) {
      throw new ParquetDecodingException("Dictionary page of column '" + descriptor + "' has " + size + " values");
    }
    dictionarySize = size;
    switch (converter.target) {
      case LONG:
        dictionaryLongs = dictionaryLongs != null && dictionaryLongs.length >= size ? dictionaryLongs : new long[size];
        for (int id = 0; id < size; id++) {
          try {
            dictionaryLongs[id] = parsed == null ? plainLong(id) : dictionaryLong(parsed, id);
          } catch (SluiceException e) {
            dictionaryError(id, size, e); // raised only if a row uses the value
          }
        }
        break;
      case DOUBLE:
        dictionaryDoubles =
            dictionaryDoubles != null && dictionaryDoubles.length >= size ? dictionaryDoubles : new double[size];
        for (int id = 0; id < size; id++) {
          try {
            dictionaryDoubles[id] = parsed == null ? plainDouble(id) : dictionaryDouble(parsed, id);
          } catch (SluiceException e) {
            dictionaryError(id, size, e);
          }
        }
        break;
      case BOOLEAN:
        throw new ParquetDecodingException("A BOOLEAN column chunk has a dictionary page");
      default:
        if (dictionaryStarts == null || dictionaryStarts.length < size) {
          dictionaryStarts = new int[size];
          dictionaryLengths = new int[size];
        }
        if (parsed == null) {
          plainStrings(size);
        } else {
          binaryStrings(parsed, size);
        }
    }
  }

  /** A PLAIN dictionary of length-prefixed strings: the page's bytes are kept whole, one copy. */
  private void plainStrings(int size) {
    byte[] page = pages.data;
    int end = pages.length;
    int p = 0;
    for (int id = 0; id < size; id++) {
      int length = prefixedLength(page, p, end, "Dictionary page", "before its last value");
      p += 4;
      dictionaryStarts[id] = p;
      dictionaryLengths[id] = length;
      p += length;
    }
    dictionaryBytes = dictionaryBytes != null && dictionaryBytes.length >= p ? dictionaryBytes : new byte[p];
    System.arraycopy(page, 0, dictionaryBytes, 0, p);
  }

  private void binaryStrings(Dictionary dictionary, int size) {
    int total = 0;
    Binary[] binaries = new Binary[size];
    for (int id = 0; id < size; id++) {
      binaries[id] = dictionary.decodeToBinary(id);
      total += binaries[id].length();
    }
    byte[] bytes = dictionaryBytes != null && dictionaryBytes.length >= total ? dictionaryBytes : new byte[total];
    int at = 0;
    for (int id = 0; id < size; id++) {
      ByteBuffer buffer = binaries[id].toByteBuffer();
      int length = buffer.remaining();
      buffer.get(bytes, at, length);
      dictionaryStarts[id] = at;
      dictionaryLengths[id] = length;
      at += length;
    }
    dictionaryBytes = bytes;
  }

  /** Value {@code id} of a PLAIN dictionary page of fixed-width numbers. */
  private long plainLong(int id) {
    if (source == ParquetColumnConverter.Source.INT32) {
      return converter.integral((int) INTS.get(pages.data, plainValue(id, 4)));
    }
    return converter.integral((long) LONGS.get(pages.data, plainValue(id, 8)));
  }

  private double plainDouble(int id) {
    switch (source) {
      case DOUBLE:
        return converter.real((double) DOUBLES.get(pages.data, plainValue(id, 8)));
      case FLOAT:
        return converter.real((float) FLOATS.get(pages.data, plainValue(id, 4)));
      case INT32:
        return converter.scaled((int) INTS.get(pages.data, plainValue(id, 4)));
      default:
        return converter.scaled((long) LONGS.get(pages.data, plainValue(id, 8)));
    }
  }

  /** Where value {@code id} of {@code width} bytes starts in a PLAIN dictionary page. */
  private int plainValue(int id, int width) {
    long at = (long) id * width;
    if (at + width > pages.length) {
      throw new ParquetDecodingException("Dictionary page of column '" + descriptor + "' ends before its last value");
    }
    return (int) at;
  }

  private long dictionaryLong(Dictionary dictionary, int id) {
    switch (source) {
      case INT32:
        return converter.integral(dictionary.decodeToInt(id));
      case INT64:
        return converter.integral(dictionary.decodeToLong(id));
      default:
        return converter.integral(dictionary.decodeToBinary(id));
    }
  }

  private double dictionaryDouble(Dictionary dictionary, int id) {
    switch (source) {
      case DOUBLE:
        return converter.real(dictionary.decodeToDouble(id));
      case FLOAT:
        return converter.real(dictionary.decodeToFloat(id));
      case INT32:
        return converter.scaled(dictionary.decodeToInt(id));
      case INT64:
        return converter.scaled(dictionary.decodeToLong(id));
      default:
        return converter.scaled(dictionary.decodeToBinary(id));
    }
  }

  private void dictionaryError(int id, int size, SluiceException e) {
    if (dictionaryErrors == null) {
      dictionaryErrors = new SluiceException[size];
    }
    dictionaryErrors[id] = e;
  }

  /** Reads the next {@code count} rows of the chunk into rows {@code [0, count)} of {@code vector}. */
  void read(ColumnVector vector, int count) throws IOException {
    if (levels.length < count) {
      levels = new int[count];
      idScratch = new int[count];
    }
    int row = 0;
    while (row < count) {
      if (pageRemaining == 0) {
        nextPage();
      }
      int n = Math.min(count - row, pageRemaining);
      readRows(vector, row, n);
      row += n;
      pageRemaining -= n;
    }
  }

  private void nextPage() throws IOException {
    pages.next();
    if (pages.kind == ParquetPageReader.Kind.DICTIONARY) {
      if (dictionaryRead) {
        throw new ParquetDecodingException("Column chunk '" + descriptor + "' has a second dictionary page");
      }
      dictionaryRead = true;
      if (converter.targetKind != TypeKind.NULL) {
        readDictionary();
      }
      pages.next();
      if (pages.kind == ParquetPageReader.Kind.DICTIONARY) {
        throw new ParquetDecodingException("Column chunk '" + descriptor + "' has a second dictionary page");
      }
    }
    Encoding valueEncoding = pages.encoding;
    int valueCount = pages.valueCount;
    data = pages.data;
    position = 0;
    dataEnd = pages.length;
    if (pages.kind == ParquetPageReader.Kind.DATA_V1) {
      int p = position;
      if (maxDefinition > 0) {
        if (pages.definitionEncoding == Encoding.RLE) {
          int length = prefixedLength(data, p, dataEnd, "Page", "inside its levels");
          p += 4;
          definitions.init(data, p, p + length, levelWidth());
          otherDefinitions = null;
          p += length;
        } else {
          otherDefinitions = pages.definitionEncoding.getValuesReader(descriptor, ValuesType.DEFINITION_LEVEL);
          ByteBufferInputStream in = ByteBufferInputStream.wrap(ByteBuffer.wrap(data, p, dataEnd - p));
          otherDefinitions.initFromPage(valueCount, in);
          p += (int) in.position();
        }
      }
      position = p;
    } else if (maxDefinition > 0) {
      definitions.init(pages.levels, 0, pages.levelsLength, levelWidth());
      otherDefinitions = null;
    }
    pageRemaining = valueCount;
    if (converter.targetKind == TypeKind.NULL) {
      mode = Mode.OTHER;
      values = null;
    } else if (valueEncoding.usesDictionary()) {
      if (dictionarySize < 0) {
        throw new ParquetDecodingException("Page of column '" + descriptor + "' refers to a missing dictionary");
      }
      if (position >= dataEnd) {
        ids.init(data, position, dataEnd, 0); // a page of NULLs only
      } else {
        ids.init(data, position + 1, dataEnd, data[position] & 0xFF);
      }
      mode = Mode.DICTIONARY;
    } else if (valueEncoding == Encoding.PLAIN && plainHere) {
      booleanBit = 0;
      mode = Mode.PLAIN;
    } else {
      values = valueEncoding.getValuesReader(descriptor, ValuesType.VALUES);
      values.initFromPage(valueCount, ByteBufferInputStream.wrap(ByteBuffer.wrap(data, position, dataEnd - position)));
      mode = Mode.OTHER;
    }
  }

  private int levelWidth() {
    return 32 - Integer.numberOfLeadingZeros(maxDefinition);
  }

  /**
   * Rows {@code [row, row + n)}: reads their definition levels, then the values of the rows that
   * are not NULL.
   */
  private void readRows(ColumnVector vector, int row, int n) {
    int[] level = levels;
    int present = n;
    if (maxDefinition > 0 && (otherDefinitions != null || !definitions.skipRepeated(n, maxDefinition))) {
      // (a column without NULLs has one repeated run of the top level per page: nothing to expand)
      if (otherDefinitions != null) {
        for (int i = 0; i < n; i++) {
          level[i] = otherDefinitions.readInteger();
        }
      } else {
        definitions.read(level, 0, n);
      }
      present = 0;
      int max = maxDefinition;
      for (int i = 0; i < n; i++) {
        if (level[i] == max) {
          present++;
        }
      }
    }
    if (converter.targetKind == TypeKind.NULL) {
      for (int i = 0; i < n; i++) {
        vector.setNull(row + i);
      }
      return; // the values are never decoded: the next page starts afresh
    }
    switch (converter.target) {
      case LONG: {
        LongVector longs = (LongVector) vector;
        readLongs(longs.values, row, present);
        spread(longs.values, longs, row, n, present);
        break;
      }
      case DOUBLE: {
        DoubleVector doubles = (DoubleVector) vector;
        readDoubles(doubles.values, row, present);
        spread(doubles.values, doubles, row, n, present);
        break;
      }
      case BOOLEAN: {
        BooleanVector booleans = (BooleanVector) vector;
        readBooleans(booleans.values, row, present);
        spread(booleans.values, booleans, row, n, present);
        break;
      }
      default:
        if (converter.targetType.isWideDecimal()) {
          readWideDecimals((BytesVector) vector, row, n, present);
        } else {
          readBytes((BytesVector) vector, row, n, present);
        }
    }
  }

  /** Byte-array decimals of rows {@code [row, row + n)} into a DECIMAL column of more than 18 digits. */
  private void readWideDecimals(BytesVector vector, int row, int n, int present) {
    int[] id = mode == Mode.DICTIONARY ? dictionaryIds(present) : null;
    int next = 0;
    for (int i = 0; i < n; i++) {
      if (present == n || levels[i] == maxDefinition) {
        int at = vector.reserve(row + i, io.sluice.catalog.data.WideDecimal.BYTES);
        if (id != null) {
          int value = id[next++];
          converter.wideDecimal(dictionaryBytes, dictionaryStarts[value], dictionaryLengths[value], vector.data, at);
        } else {
          ByteBuffer buffer = values.readBytes().toByteBuffer();
          byte[] bytes = buffer.hasArray() ? buffer.array() : values.readBytes().getBytes();
          int offset = buffer.hasArray() ? buffer.arrayOffset() + buffer.position() : 0;
          converter.wideDecimal(bytes, offset, buffer.remaining(), vector.data, at);
        }
      } else {
        vector.setNullAt(row + i);
      }
    }
  }

  /**
   * Marks the rows of {@code [row, row + n)} that the definition levels say are NULL; returns
   * false when all {@code n} are present, so that no value has to move.
   */
  private boolean markNulls(ColumnVector vector, int row, int n, int present) {
    boolean[] nulls = vector.nulls;
    if (present == n) {
      if (vector.mayHaveNulls) {
        Arrays.fill(nulls, row, row + n, false);
      }
      return false;
    }
    vector.mayHaveNulls = true;
    int[] level = levels;
    for (int i = 0; i < n; i++) {
      nulls[row + i] = level[i] != maxDefinition;
    }
    return true;
  }

  /**
   * Moves {@code present} values read into {@code [row, row + present)} to the rows whose
   * definition level says they are present, back to front, and marks the others NULL.
   */
  private void spread(long[] values, ColumnVector vector, int row, int n, int present) {
    if (markNulls(vector, row, n, present)) {
      boolean[] nulls = vector.nulls;
      int next = row + present;
      for (int i = row + n - 1; i >= row; i--) {
        values[i] = nulls[i] ? 0 : values[--next];
      }
    }
  }

  private void spread(double[] values, ColumnVector vector, int row, int n, int present) {
    if (markNulls(vector, row, n, present)) {
      boolean[] nulls = vector.nulls;
      int next = row + present;
      for (int i = row + n - 1; i >= row; i--) {
        values[i] = nulls[i] ? 0 : values[--next];
      }
    }
  }

  private void spread(boolean[] values, ColumnVector vector, int row, int n, int present) {
    if (markNulls(vector, row, n, present)) {
      boolean[] nulls = vector.nulls;
      int next = row + present;
      for (int i = row + n - 1; i >= row; i--) {
        values[i] = !nulls[i] && values[--next];
      }
    }
  }

  private int[] dictionaryIds(int count) {
    int[] id = idScratch;
    ids.read(id, 0, count);
    int size = dictionarySize;
    int min = 0;
    int max = 0;
    for (int i = 0; i < count; i++) { // reductions without an exit, which the JIT vectorizes
      min = Math.min(min, id[i]);
      max = Math.max(max, id[i]);
    }
    if (min < 0 || max >= size) {
      for (int i = 0; i < count; i++) {
        if (id[i] >= size || id[i] < 0) {
          throw new ParquetDecodingException("Dictionary id " + id[i] + " of column '" + descriptor
              + "' is past the dictionary's " + size + " values");
        }
      }
    }
    if (dictionaryErrors != null) {
      for (int i = 0; i < count; i++) {
        if (dictionaryErrors[id[i]] != null) {
          throw dictionaryErrors[id[i]];
        }
      }
    }
    return id;
  }

  private void need(int bytes) {
    if (bytes < 0 || position + bytes > dataEnd || position + bytes < 0) {
      throw endsEarly();
    }
  }

  private ParquetDecodingException endsEarly() {
    return new ParquetDecodingException("Page of column '" + descriptor + "' ends before its last value");
  }

  /** The 4-byte little-endian length at {@code p}, checked: it and its bytes end by {@code end}. */
  private int prefixedLength(byte[] b, int p, int end, String what, String where) {
    int length = p + 4 > end ? -1 : (int) INTS.get(b, p);
    if (length < 0 || length > end - p - 4) {
      throw new ParquetDecodingException(what + " of column '" + descriptor + "' ends " + where);
    }
    return length;
  }

  private void readLongs(long[] out, int at, int count) {
    switch (mode) {
      case DICTIONARY: {
        int[] id = dictionaryIds(count);
        long[] dictionary = dictionaryLongs;
        for (int i = 0; i < count; i++) {
          out[at + i] = dictionary[id[i]];
        }
        return;
      }
      case PLAIN: {
        byte[] b = data;
        int p = position;
        if (source == ParquetColumnConverter.Source.INT64) {
          need(count * 8);
          if (converter.adjusts) {
            for (int i = 0; i < count; i++, p += 8) {
              out[at + i] = converter.adjust((long) LONGS.get(b, p));
            }
          } else {
            for (int i = 0; i < count; i++, p += 8) {
              out[at + i] = (long) LONGS.get(b, p);
            }
          }
        } else {
          need(count * 4);
          for (int i = 0; i < count; i++, p += 4) {
            out[at + i] = converter.integral((int) INTS.get(b, p));
          }
        }
        position = p;
        return;
      }
      default:
        for (int i = 0; i < count; i++) {
          switch (source) {
            case INT32:
              out[at + i] = converter.integral(values.readInteger());
              break;
            case INT64:
              out[at + i] = converter.integral(values.readLong());
              break;
            default:
              out[at + i] = converter.integral(values.readBytes());
          }
        }
    }
  }

  private void readDoubles(double[] out, int at, int count) {
    switch (mode) {
      case DICTIONARY: {
        int[] id = dictionaryIds(count);
        double[] dictionary = dictionaryDoubles;
        for (int i = 0; i < count; i++) {
          out[at + i] = dictionary[id[i]];
        }
        return;
      }
      case PLAIN: {
        byte[] b = data;
        int p = position;
        switch (source) {
          case DOUBLE:
            need(count * 8);
            for (int i = 0; i < count; i++, p += 8) {
              out[at + i] = converter.real((double) DOUBLES.get(b, p));
            }
            break;
          case FLOAT:
            need(count * 4);
            for (int i = 0; i < count; i++, p += 4) {
              out[at + i] = converter.real((float) FLOATS.get(b, p));
            }
            break;
          case INT64:
            need(count * 8);
            for (int i = 0; i < count; i++, p += 8) {
              out[at + i] = converter.scaled((long) LONGS.get(b, p));
            }
            break;
          default:
            need(count * 4);
            for (int i = 0; i < count; i++, p += 4) {
              out[at + i] = converter.scaled((int) INTS.get(b, p));
            }
        }
        position = p;
        return;
      }
      default:
        for (int i = 0; i < count; i++) {
          switch (source) {
            case DOUBLE:
              out[at + i] = converter.real(values.readDouble());
              break;
            case FLOAT:
              out[at + i] = converter.real(values.readFloat());
              break;
            case INT32:
              out[at + i] = converter.scaled(values.readInteger());
              break;
            case INT64:
              out[at + i] = converter.scaled(values.readLong());
              break;
            default:
              out[at + i] = converter.scaled(values.readBytes());
          }
        }
    }
  }

  private void readBooleans(boolean[] out, int at, int count) {
    if (mode == Mode.PLAIN) {
      // PLAIN booleans: one bit each, least significant bit first
      need((booleanBit + count + 7) >>> 3);
      byte[] b = data;
      int p = position;
      int bit = booleanBit;
      for (int i = 0; i < count; i++) {
        out[at + i] = (b[p] >>> bit & 1) != 0;
        if (++bit == 8) {
          bit = 0;
          p++;
        }
      }
      position = p;
      booleanBit = bit;
      return;
    }
    for (int i = 0; i < count; i++) {
      out[at + i] = values.readBoolean();
    }
  }

  /**
   * Strings of rows {@code [row, row + n)}, {@code present} of them not NULL. Dictionary and
   * PLAIN strings are sized first, so the vector makes room once, then copied value by value
   * with the rows' offsets written directly.
   */
  private void readBytes(BytesVector vector, int row, int n, int present) {
    switch (mode) {
      case DICTIONARY: {
        int[] id = dictionaryIds(present);
        int[] lengths = dictionaryLengths;
        long total = 0;
        for (int k = 0; k < present; k++) {
          total += lengths[id[k]];
        }
        int at = reserve(vector, row, n, total);
        byte[] bytes = dictionaryBytes;
        int[] starts = dictionaryStarts;
        byte[] out = vector.data;
        int[] offsets = vector.offsets;
        int[] level = levels;
        int max = maxDefinition;
        boolean allPresent = present == n;
        int next = 0;
        for (int i = 0; i < n; i++) {
          if (allPresent || level[i] == max) {
            int value = id[next++];
            int length = lengths[value];
            System.arraycopy(bytes, starts[value], out, at, length);
            at += length;
          } else {
            vector.setNull(row + i);
          }
          offsets[row + i + 1] = at;
        }
        return;
      }
      case PLAIN: {
        byte[] b = data;
        int p = position;
        int end = dataEnd;
        for (int k = 0; k < present; k++) {
          p += 4 + prefixedLength(b, p, end, "Page", "before its last value");
        }
        int at = reserve(vector, row, n, (long) (p - position) - 4L * present);
        p = position;
        byte[] out = vector.data;
        int[] offsets = vector.offsets;
        int[] level = levels;
        int max = maxDefinition;
        boolean allPresent = present == n;
        for (int i = 0; i < n; i++) {
          if (allPresent || level[i] == max) {
            int length = (int) INTS.get(b, p);
            System.arraycopy(b, p + 4, out, at, length);
            p += 4 + length;
            at += length;
          } else {
            vector.setNull(row + i);
          }
          offsets[row + i + 1] = at;
        }
        position = p;
        return;
      }
      default: {
        int[] level = levels;
        int max = maxDefinition;
        boolean allPresent = present == n;
        for (int i = 0; i < n; i++) {
          if (allPresent || level[i] == max) {
            ByteBuffer buffer = values.readBytes().toByteBuffer();
            if (buffer.hasArray()) {
              vector.set(row + i, buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
            } else {
              int length = buffer.remaining();
              int start = vector.reserve(row + i, length);
              buffer.get(vector.data, start, length);
            }
          } else {
            vector.setNullAt(row + i);
          }
        }
      }
    }
  }

  private int reserve(BytesVector vector, int row, int n, long total) {
    if (total > Integer.MAX_VALUE / 2) {
      throw new ParquetDecodingException("Strings of column '" + descriptor + "' exceed 2 GB in one batch");
    }
    return vector.reserveRows(row, n, (int) total);
  }
}
