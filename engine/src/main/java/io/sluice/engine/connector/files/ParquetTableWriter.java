package io.sluice.engine.connector.files;

import io.sluice.catalog.data.WideDecimal;
import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BooleanVector;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.DoubleVector;
import io.sluice.catalog.data.LongVector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes rows to a Parquet file straight from the batch's arrays through Parquet's record
 * consumer: no object per row, and strings pass as views of the batch's bytes.
 */
final class ParquetTableWriter extends FileWriterBase {
  private final ParquetWriter<RowReference> writer;
  private final RowReference current = new RowReference();

  ParquetTableWriter(FilesTable table, Path target, FilesOptions options, TableSchema schema, int[] columns,
      int skippedColumn) throws IOException {
    super(table, target);
    MessageType fileSchema = ParquetTypes.writeSchema(schema, skippedColumn);
    Builder builder = new Builder(new LocalOutputFile(temporary), new BatchWriteSupport(fileSchema, schema, columns))
        .withConf(new PlainParquetConfiguration())
        .withCompressionCodec(CompressionCodecName.valueOf(options.compression.toUpperCase(Locale.ROOT)));
    if (options.rowGroupRows > 0) {
      builder.withRowGroupRowCountLimit(options.rowGroupRows);
    }
    this.writer = builder.build();
  }

  @Override
  void writeRows(Batch batch) throws IOException {
    current.batch = batch;
    int rowCount = batch.rowCount();
    for (int k = 0; k < rowCount; k++) {
      current.row = batch.row(k);
      writer.write(current);
    }
    current.batch = null;
  }

  @Override
  void finish() throws IOException {
    writer.close();
  }

  @Override
  void abort() throws IOException {
    writer.close();
  }

  /** The row being written; one instance reused for every row. */
  static final class RowReference {
    Batch batch;
    int row;
  }

  private static final class Builder extends ParquetWriter.Builder<RowReference, Builder> {
    private final WriteSupport<RowReference> writeSupport;

    Builder(OutputFile file, WriteSupport<RowReference> writeSupport) {
      super(file);
      this.writeSupport = writeSupport;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    @SuppressWarnings("deprecation") // still abstract: must be implemented
    protected WriteSupport<RowReference> getWriteSupport(Configuration conf) {
      return writeSupport;
    }

    @Override
    protected WriteSupport<RowReference> getWriteSupport(ParquetConfiguration conf) {
      return writeSupport;
    }
  }

  private static final class BatchWriteSupport extends WriteSupport<RowReference> {
    private final MessageType fileSchema;
    private final int[] columns;
    private final String[] names;
    private final DataType[] types;
    private RecordConsumer consumer;
    private final byte[] wideScratch = new byte[WideDecimal.BYTES];

    BatchWriteSupport(MessageType fileSchema, TableSchema schema, int[] columns) {
      this.fileSchema = fileSchema;
      this.columns = columns;
      this.names = new String[columns.length];
      this.types = new DataType[columns.length];
      for (int i = 0; i < columns.length; i++) {
        names[i] = schema.column(columns[i]).name();
        types[i] = schema.column(columns[i]).type();
      }
    }

    @Override
    @SuppressWarnings("deprecation") // still abstract: must be implemented
    public WriteContext init(Configuration configuration) {
      return new WriteContext(fileSchema, Map.of());
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
      return new WriteContext(fileSchema, Map.of());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.consumer = recordConsumer;
    }

    @Override
    public void write(RowReference record) {
      Batch batch = record.batch;
      int row = record.row;
      consumer.startMessage();
      for (int i = 0; i < columns.length; i++) {
        ColumnVector vector = batch.columns[columns[i]];
        DataType type = types[i];
        if (vector.isNull(row) || type.kind() == TypeKind.NULL) {
          if (!type.nullable()) {
            throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "Column '" + names[i] + "' is NOT NULL but a row"
                + " to write has NULL in it.");
          }
          continue;
        }
        consumer.startField(names[i], i);
        switch (type.kind()) {
          case BOOLEAN:
            consumer.addBoolean(((BooleanVector) vector).values[row]);
            break;
          case TINYINT:
          case SMALLINT:
          case INTEGER:
          case DATE:
          case TIME:
            consumer.addInteger((int) ((LongVector) vector).values[row]);
            break;
          case DECIMAL:
            if (type.isWideDecimal()) {
              // Parquet's decimal is plain big-endian two's complement: the stored sign bit flipped back
              BytesVector bytes = (BytesVector) vector;
              System.arraycopy(bytes.data, bytes.start(row), wideScratch, 0, WideDecimal.BYTES);
              wideScratch[0] ^= (byte) 0x80;
              consumer.addBinary(Binary.fromReusedByteArray(wideScratch));
            } else if (type.precision() <= 9) {
              consumer.addInteger((int) ((LongVector) vector).values[row]);
            } else {
              consumer.addLong(((LongVector) vector).values[row]);
            }
            break;
          case REAL:
            consumer.addFloat((float) ((DoubleVector) vector).values[row]);
            break;
          case DOUBLE:
            consumer.addDouble(((DoubleVector) vector).values[row]);
            break;
          case CHAR:
          case VARCHAR: {
            BytesVector bytes = (BytesVector) vector;
            // "reused": Parquet copies the bytes wherever it keeps them (dictionary, statistics)
            consumer.addBinary(Binary.fromReusedByteArray(bytes.data, bytes.start(row), bytes.length(row)));
            break;
          }
          default:
            consumer.addLong(((LongVector) vector).values[row]);
        }
        consumer.endField(names[i], i);
      }
      consumer.endMessage();
    }
  }
}
