package io.sluice.engine.folder;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.data.Batch;
import io.sluice.runtime.kernel.ColumnarRows;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The rows of one in-memory table of a database folder, in one file: a header (format version and
 * the column types, checked when read), the rows column by column as operator state stores them
 * ({@link ColumnarRows}), and a CRC-32 of all that. Each write is a new file, written atomically;
 * the catalog names the current one.
 */
public final class TableDataFile {
  static final String MAGIC = "sluice-table-rows";
  static final int VERSION = 1;
  /** Rows per batch when a table is read back. */
  static final int BATCH_ROWS = 4096;

  private TableDataFile() {}

  /** Writes {@code batches} (dense, all columns of {@code types}) to {@code file}, atomically. */
  public static void write(Path file, List<DataType> types, List<Batch> batches) throws IOException {
    ColumnarRows rows = new ColumnarRows(types);
    for (Batch b : batches) {
      rows.append(b);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeUTF(MAGIC);
    out.writeInt(VERSION);
    out.writeUTF(shape(types));
    rows.writeTo(out);
    out.flush();
    CRC32 crc = new CRC32();
    crc.update(bytes.toByteArray());
    out.writeLong(crc.getValue());
    out.flush();
    AtomicWrite.write(file, bytes.toByteArray());
  }

  /** The rows of {@code file}, written for columns of {@code types}; a damaged file is refused with its name. */
  public static List<Batch> read(Path file, List<DataType> types) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.DATABASE_DAMAGED, "Cannot read table data file " + file + ": " + e, e);
    }
    if (bytes.length < 8) {
      throw damaged(file, "it is truncated");
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 8);
    long stored = 0;
    for (int i = bytes.length - 8; i < bytes.length; i++) {
      stored = (stored << 8) | (bytes[i] & 0xff);
    }
    if (stored != crc.getValue()) {
      throw damaged(file, "its checksum does not match its content");
    }
    ColumnarRows rows = new ColumnarRows(types);
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 8));
      if (!in.readUTF().equals(MAGIC)) {
        throw damaged(file, "it is not a table data file");
      }
      int version = in.readInt();
      if (version > VERSION) {
        throw damaged(file, "its format version " + version + " is newer than this Sluice reads (" + VERSION + ")");
      }
      String shape = in.readUTF();
      if (!shape.equals(shape(types))) {
        throw damaged(file, "its columns (" + shape + ") are not the table's (" + shape(types) + ")");
      }
      rows.readFrom(in);
    } catch (IOException | SluiceException e) {
      if (e instanceof SluiceException && ((SluiceException) e).code() == ErrorCode.DATABASE_DAMAGED) {
        throw (SluiceException) e;
      }
      throw damaged(file, e.getMessage());
    }
    List<Batch> batches = new ArrayList<>();
    for (int from = 0; from < rows.size(); from += BATCH_ROWS) {
      int count = Math.min(BATCH_ROWS, rows.size() - from);
      Batch batch = Batch.allocate(types, count);
      rows.gatherRange(from, count, batch, 0);
      batch.size = count;
      batches.add(batch);
    }
    return batches;
  }

  private static String shape(List<DataType> types) {
    StringBuilder sb = new StringBuilder();
    for (DataType t : types) {
      sb.append(sb.length() == 0 ? "" : ", ").append(t.sql());
    }
    return sb.toString();
  }

  private static SluiceException damaged(Path file, String why) {
    return new SluiceException(ErrorCode.DATABASE_DAMAGED, "Table data file " + file + " is damaged: " + why
        + ". It is not repaired: restore the folder from a copy");
  }
}
