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
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.io.api.Binary;

/**
 * Decodes the pages of one column chunk straight into batch vectors, a batch at a time.
 *
 * <p>Definition levels and dictionary ids are decoded in bulk ({@link RleBitPackedDecoder});
 * a dictionary is converted to the column's internal form once per chunk, so a dictionary page
 * costs one array lookup per value; PLAIN fixed-width values are read as little-endian words
 * and PLAIN strings copied from the page. Other encodings (delta, byte-stream-split, RLE
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
  /** Whether PLAIN pages are decoded here rather than by parquet-column. */
  private final boolean plainHere;

  private PageReader pages;
  private int dictionarySize;
  private long[] dictionaryLongs;
  private double[] dictionaryDoubles;
  private byte[] dictionaryBytes;
  private int[] dictionaryOffsets;
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
  private byte[] pageCopy = new byte[0];

  private int[] levels = new int[Batch.DEFAULT_CAPACITY];
  private int[] idScratch = new int[Batch.DEFAULT_CAPACITY];

  ParquetColumnChunkReader(ColumnDescriptor descriptor, ParquetColumnConverter converter) {
    this.descriptor = descriptor;
    this.converter = converter;
    this.source = converter.source;
    this.maxDefinition = descriptor.getMaxDefinitionLevel();
    this.plainHere = source == ParquetColumnConverter.Source.INT32 || source == ParquetColumnConverter.Source.INT64
        || source == ParquetColumnConverter.Source.FLOAT || source == ParquetColumnConverter.Source.DOUBLE
        || source == ParquetColumnConverter.Source.BOOLEAN || source == ParquetColumnConverter.Source.BINARY;
  }

  /** Starts on the chunk of the next row group, reading its dictionary if it has one. */
  void start(PageReader pages) throws IOException {
    this.pages = pages;
    this.pageRemaining = 0;
    this.dictionarySize = -1;
    this.dictionaryErrors = null;
    DictionaryPage page = pages.readDictionaryPage();
    if (page != null && converter.targetKind != TypeKind.NULL) {
      readDictionary(page.getEncoding().initDictionary(descriptor, page));
    }
  }

  private void readDictionary(Dictionary dictionary) {
    int size = dictionary.getMaxId() + 1;
    dictionarySize = size;
    switch (converter.target) {
      case LONG:
        dictionaryLongs = dictionaryLongs != null && dictionaryLongs.length >= size ? dictionaryLongs : new long[size];
        for (int id = 0; id < size; id++) {
          try {
            dictionaryLongs[id] = dictionaryLong(dictionary, id);
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
            dictionaryDoubles[id] = dictionaryDouble(dictionary, id);
          } catch (SluiceException e) {
            dictionaryError(id, size, e);
          }
        }
        break;
      case BOOLEAN:
        throw new ParquetDecodingException("A BOOLEAN column chunk has a dictionary page");
      default: {
        int total = 0;
        Binary[] binaries = new Binary[size];
        for (int id = 0; id < size; id++) {
          binaries[id] = dictionary.decodeToBinary(id);
          total += binaries[id].length();
        }
        byte[] bytes = dictionaryBytes != null && dictionaryBytes.length >= total ? dictionaryBytes : new byte[total];
        int[] offsets = dictionaryOffsets != null && dictionaryOffsets.length > size ? dictionaryOffsets
            : new int[size + 1];
        int at = 0;
        for (int id = 0; id < size; id++) {
          ByteBuffer buffer = binaries[id].toByteBuffer();
          int length = buffer.remaining();
          buffer.get(bytes, at, length);
          offsets[id] = at;
          at += length;
        }
        offsets[size] = at;
        dictionaryBytes = bytes;
        dictionaryOffsets = offsets;
      }
    }
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
    DataPage page = pages.readPage();
    if (page == null) {
      throw new ParquetDecodingException("Column chunk '" + descriptor + "' has fewer values than its row group");
    }
    Encoding valueEncoding;
    int valueCount = page.getValueCount();
    if (page instanceof DataPageV1) {
      DataPageV1 v1 = (DataPageV1) page;
      setData(v1.getBytes());
      int p = position;
      if (descriptor.getMaxRepetitionLevel() > 0) {
        throw new ParquetDecodingException("Column '" + descriptor + "' is repeated");
      }
      if (maxDefinition > 0) {
        if (v1.getDlEncoding() == Encoding.RLE) {
          if (p + 4 > dataEnd) {
            throw new ParquetDecodingException("Page of column '" + descriptor + "' ends inside its levels");
          }
          int length = (int) INTS.get(data, p);
          p += 4;
          if (length < 0 || p + length > dataEnd) {
            throw new ParquetDecodingException("Page of column '" + descriptor + "' ends inside its levels");
          }
          definitions.init(data, p, p + length, levelWidth());
          otherDefinitions = null;
          p += length;
        } else {
          otherDefinitions = v1.getDlEncoding().getValuesReader(descriptor, ValuesType.DEFINITION_LEVEL);
          ByteBufferInputStream in = ByteBufferInputStream.wrap(ByteBuffer.wrap(data, p, dataEnd - p));
          otherDefinitions.initFromPage(valueCount, in);
          p += (int) in.position();
        }
      }
      position = p;
      valueEncoding = v1.getValueEncoding();
    } else {
      DataPageV2 v2 = (DataPageV2) page;
      if (v2.getRepetitionLevels().size() > 0) {
        throw new ParquetDecodingException("Column '" + descriptor + "' is repeated");
      }
      if (maxDefinition > 0) {
        byte[] levelBytes = v2.getDefinitionLevels().toByteArray();
        definitions.init(levelBytes, 0, levelBytes.length, levelWidth());
        otherDefinitions = null;
      }
      setData(v2.getData());
      valueEncoding = v2.getDataEncoding();
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

  /** Makes the page's bytes an array range: the page's own array when it has one, else a copy. */
  private void setData(BytesInput bytes) throws IOException {
    ByteBuffer buffer = bytes.toByteBuffer();
    if (buffer.hasArray()) {
      data = buffer.array();
      position = buffer.arrayOffset() + buffer.position();
    } else {
      int length = buffer.remaining();
      if (pageCopy.length < length) {
        pageCopy = new byte[Math.max(length, pageCopy.length * 2)];
      }
      buffer.duplicate().get(pageCopy, 0, length);
      data = pageCopy;
      position = 0;
    }
    dataEnd = position + buffer.remaining();
  }

  /**
   * Rows {@code [row, row + n)}: reads their definition levels, then the values of the rows that
   * are not NULL.
   */
  private void readRows(ColumnVector vector, int row, int n) {
    int[] level = levels;
    int present = n;
    if (maxDefinition > 0) {
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
        readBytes((BytesVector) vector, row, n, present);
    }
  }

  /**
   * Moves {@code present} values read into {@code [row, row + present)} to the rows whose
   * definition level says they are present, back to front, and marks the others NULL.
   */
  private void spread(long[] values, ColumnVector vector, int row, int n, int present) {
    boolean[] nulls = vector.nulls;
    if (present == n) {
      if (vector.mayHaveNulls) {
        Arrays.fill(nulls, row, row + n, false);
      }
      return;
    }
    vector.mayHaveNulls = true;
    int[] level = levels;
    int next = row + present;
    for (int i = n - 1; i >= 0; i--) {
      boolean isNull = level[i] != maxDefinition;
      nulls[row + i] = isNull;
      if (isNull) {
        values[row + i] = 0;
      } else {
        values[row + i] = values[--next];
      }
    }
  }

  private void spread(double[] values, ColumnVector vector, int row, int n, int present) {
    boolean[] nulls = vector.nulls;
    if (present == n) {
      if (vector.mayHaveNulls) {
        Arrays.fill(nulls, row, row + n, false);
      }
      return;
    }
    vector.mayHaveNulls = true;
    int[] level = levels;
    int next = row + present;
    for (int i = n - 1; i >= 0; i--) {
      boolean isNull = level[i] != maxDefinition;
      nulls[row + i] = isNull;
      if (isNull) {
        values[row + i] = 0;
      } else {
        values[row + i] = values[--next];
      }
    }
  }

  private void spread(boolean[] values, ColumnVector vector, int row, int n, int present) {
    boolean[] nulls = vector.nulls;
    if (present == n) {
      if (vector.mayHaveNulls) {
        Arrays.fill(nulls, row, row + n, false);
      }
      return;
    }
    vector.mayHaveNulls = true;
    int[] level = levels;
    int next = row + present;
    for (int i = n - 1; i >= 0; i--) {
      boolean isNull = level[i] != maxDefinition;
      nulls[row + i] = isNull;
      if (isNull) {
        values[row + i] = false;
      } else {
        values[row + i] = values[--next];
      }
    }
  }

  private int[] dictionaryIds(int count) {
    int[] id = idScratch;
    ids.read(id, 0, count);
    int size = dictionarySize;
    for (int i = 0; i < count; i++) {
      if (id[i] >= size || id[i] < 0) {
        throw new ParquetDecodingException("Dictionary id " + id[i] + " of column '" + descriptor
            + "' is past the dictionary's " + size + " values");
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
      throw new ParquetDecodingException("Page of column '" + descriptor + "' ends before its last value");
    }
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

  private void readBytes(BytesVector vector, int row, int n, int present) {
    int[] level = levels;
    boolean allPresent = present == n;
    int max = maxDefinition;
    switch (mode) {
      case DICTIONARY: {
        int[] id = dictionaryIds(present);
        byte[] bytes = dictionaryBytes;
        int[] offsets = dictionaryOffsets;
        int next = 0;
        for (int i = 0; i < n; i++) {
          if (allPresent || level[i] == max) {
            int value = id[next++];
            vector.set(row + i, bytes, offsets[value], offsets[value + 1] - offsets[value]);
          } else {
            vector.setNullAt(row + i);
          }
        }
        return;
      }
      case PLAIN: {
        byte[] b = data;
        int p = position;
        for (int i = 0; i < n; i++) {
          if (allPresent || level[i] == max) {
            if (p + 4 > dataEnd) {
              need(4);
            }
            int length = (int) INTS.get(b, p);
            p += 4;
            if (length < 0 || p + length > dataEnd || p + length < 0) {
              position = p;
              need(length);
            }
            vector.set(row + i, b, p, length);
            p += length;
          } else {
            vector.setNullAt(row + i);
          }
        }
        position = p;
        return;
      }
      default:
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
