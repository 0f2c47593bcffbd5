package io.sluice.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;

/**
 * What a Sluice result set refuses, with an error that says why: its rows cannot be changed
 * (CONCUR_READ_ONLY), and Sluice has no LOB, array, REF, ROWID, XML or URL types. Kept apart
 * from {@link SluiceResultSet}, which reads rows, so that each file says one thing.
 */
interface ReadOnlyResultSet extends ResultSet {
  private static SQLException readOnly(String method) {
    return Errors.unsupported(method, "result sets are read-only (CONCUR_READ_ONLY)");
  }

  @Override
  default void cancelRowUpdates() throws SQLException {
    throw readOnly("cancelRowUpdates");
  }

  @Override
  default void deleteRow() throws SQLException {
    throw readOnly("deleteRow");
  }

  @Override
  default Array getArray(String columnLabel) throws SQLException {
    throw Errors.unsupported("getArray");
  }

  @Override
  default Array getArray(int columnIndex) throws SQLException {
    throw Errors.unsupported("getArray");
  }

  @Override
  default Blob getBlob(String columnLabel) throws SQLException {
    throw Errors.unsupported("getBlob");
  }

  @Override
  default Blob getBlob(int columnIndex) throws SQLException {
    throw Errors.unsupported("getBlob");
  }

  @Override
  default Clob getClob(String columnLabel) throws SQLException {
    throw Errors.unsupported("getClob");
  }

  @Override
  default Clob getClob(int columnIndex) throws SQLException {
    throw Errors.unsupported("getClob");
  }

  @Override
  default NClob getNClob(String columnLabel) throws SQLException {
    throw Errors.unsupported("getNClob");
  }

  @Override
  default NClob getNClob(int columnIndex) throws SQLException {
    throw Errors.unsupported("getNClob");
  }

  @Override
  default Ref getRef(String columnLabel) throws SQLException {
    throw Errors.unsupported("getRef");
  }

  @Override
  default Ref getRef(int columnIndex) throws SQLException {
    throw Errors.unsupported("getRef");
  }

  @Override
  default RowId getRowId(String columnLabel) throws SQLException {
    throw Errors.unsupported("getRowId");
  }

  @Override
  default RowId getRowId(int columnIndex) throws SQLException {
    throw Errors.unsupported("getRowId");
  }

  @Override
  default SQLXML getSQLXML(String columnLabel) throws SQLException {
    throw Errors.unsupported("getSQLXML");
  }

  @Override
  default SQLXML getSQLXML(int columnIndex) throws SQLException {
    throw Errors.unsupported("getSQLXML");
  }

  @Override
  default URL getURL(String columnLabel) throws SQLException {
    throw Errors.unsupported("getURL");
  }

  @Override
  default URL getURL(int columnIndex) throws SQLException {
    throw Errors.unsupported("getURL");
  }

  @Override
  default void insertRow() throws SQLException {
    throw readOnly("insertRow");
  }

  @Override
  default void moveToCurrentRow() throws SQLException {
    throw readOnly("moveToCurrentRow");
  }

  @Override
  default void moveToInsertRow() throws SQLException {
    throw readOnly("moveToInsertRow");
  }

  @Override
  default void refreshRow() throws SQLException {
    throw readOnly("refreshRow");
  }

  @Override
  default void updateArray(String columnLabel, Array value) throws SQLException {
    throw readOnly("updateArray");
  }

  @Override
  default void updateArray(int columnIndex, Array value) throws SQLException {
    throw readOnly("updateArray");
  }

  @Override
  default void updateAsciiStream(String columnLabel, InputStream value, int length) throws SQLException {
    throw readOnly("updateAsciiStream");
  }

  @Override
  default void updateAsciiStream(String columnLabel, InputStream value, long length) throws SQLException {
    throw readOnly("updateAsciiStream");
  }

  @Override
  default void updateAsciiStream(String columnLabel, InputStream value) throws SQLException {
    throw readOnly("updateAsciiStream");
  }

  @Override
  default void updateAsciiStream(int columnIndex, InputStream value, int length) throws SQLException {
    throw readOnly("updateAsciiStream");
  }

  @Override
  default void updateAsciiStream(int columnIndex, InputStream value, long length) throws SQLException {
    throw readOnly("updateAsciiStream");
  }

  @Override
  default void updateAsciiStream(int columnIndex, InputStream value) throws SQLException {
    throw readOnly("updateAsciiStream");
  }

  @Override
  default void updateBigDecimal(String columnLabel, BigDecimal value) throws SQLException {
    throw readOnly("updateBigDecimal");
  }

  @Override
  default void updateBigDecimal(int columnIndex, BigDecimal value) throws SQLException {
    throw readOnly("updateBigDecimal");
  }

  @Override
  default void updateBinaryStream(String columnLabel, InputStream value, int length) throws SQLException {
    throw readOnly("updateBinaryStream");
  }

  @Override
  default void updateBinaryStream(String columnLabel, InputStream value, long length) throws SQLException {
    throw readOnly("updateBinaryStream");
  }

  @Override
  default void updateBinaryStream(String columnLabel, InputStream value) throws SQLException {
    throw readOnly("updateBinaryStream");
  }

  @Override
  default void updateBinaryStream(int columnIndex, InputStream value, int length) throws SQLException {
    throw readOnly("updateBinaryStream");
  }

  @Override
  default void updateBinaryStream(int columnIndex, InputStream value, long length) throws SQLException {
    throw readOnly("updateBinaryStream");
  }

  @Override
  default void updateBinaryStream(int columnIndex, InputStream value) throws SQLException {
    throw readOnly("updateBinaryStream");
  }

  @Override
  default void updateBlob(String columnLabel, InputStream value, long length) throws SQLException {
    throw readOnly("updateBlob");
  }

  @Override
  default void updateBlob(String columnLabel, InputStream value) throws SQLException {
    throw readOnly("updateBlob");
  }

  @Override
  default void updateBlob(String columnLabel, Blob value) throws SQLException {
    throw readOnly("updateBlob");
  }

  @Override
  default void updateBlob(int columnIndex, InputStream value, long length) throws SQLException {
    throw readOnly("updateBlob");
  }

  @Override
  default void updateBlob(int columnIndex, InputStream value) throws SQLException {
    throw readOnly("updateBlob");
  }

  @Override
  default void updateBlob(int columnIndex, Blob value) throws SQLException {
    throw readOnly("updateBlob");
  }

  @Override
  default void updateBoolean(String columnLabel, boolean value) throws SQLException {
    throw readOnly("updateBoolean");
  }

  @Override
  default void updateBoolean(int columnIndex, boolean value) throws SQLException {
    throw readOnly("updateBoolean");
  }

  @Override
  default void updateByte(String columnLabel, byte value) throws SQLException {
    throw readOnly("updateByte");
  }

  @Override
  default void updateByte(int columnIndex, byte value) throws SQLException {
    throw readOnly("updateByte");
  }

  @Override
  default void updateBytes(String columnLabel, byte[] value) throws SQLException {
    throw readOnly("updateBytes");
  }

  @Override
  default void updateBytes(int columnIndex, byte[] value) throws SQLException {
    throw readOnly("updateBytes");
  }

  @Override
  default void updateCharacterStream(String columnLabel, Reader value, int length) throws SQLException {
    throw readOnly("updateCharacterStream");
  }

  @Override
  default void updateCharacterStream(String columnLabel, Reader value, long length) throws SQLException {
    throw readOnly("updateCharacterStream");
  }

  @Override
  default void updateCharacterStream(String columnLabel, Reader value) throws SQLException {
    throw readOnly("updateCharacterStream");
  }

  @Override
  default void updateCharacterStream(int columnIndex, Reader value, int length) throws SQLException {
    throw readOnly("updateCharacterStream");
  }

  @Override
  default void updateCharacterStream(int columnIndex, Reader value, long length) throws SQLException {
    throw readOnly("updateCharacterStream");
  }

  @Override
  default void updateCharacterStream(int columnIndex, Reader value) throws SQLException {
    throw readOnly("updateCharacterStream");
  }

  @Override
  default void updateClob(String columnLabel, Reader value, long length) throws SQLException {
    throw readOnly("updateClob");
  }

  @Override
  default void updateClob(String columnLabel, Reader value) throws SQLException {
    throw readOnly("updateClob");
  }

  @Override
  default void updateClob(String columnLabel, Clob value) throws SQLException {
    throw readOnly("updateClob");
  }

  @Override
  default void updateClob(int columnIndex, Reader value, long length) throws SQLException {
    throw readOnly("updateClob");
  }

  @Override
  default void updateClob(int columnIndex, Reader value) throws SQLException {
    throw readOnly("updateClob");
  }

  @Override
  default void updateClob(int columnIndex, Clob value) throws SQLException {
    throw readOnly("updateClob");
  }

  @Override
  default void updateDate(String columnLabel, Date value) throws SQLException {
    throw readOnly("updateDate");
  }

  @Override
  default void updateDate(int columnIndex, Date value) throws SQLException {
    throw readOnly("updateDate");
  }

  @Override
  default void updateDouble(String columnLabel, double value) throws SQLException {
    throw readOnly("updateDouble");
  }

  @Override
  default void updateDouble(int columnIndex, double value) throws SQLException {
    throw readOnly("updateDouble");
  }

  @Override
  default void updateFloat(String columnLabel, float value) throws SQLException {
    throw readOnly("updateFloat");
  }

  @Override
  default void updateFloat(int columnIndex, float value) throws SQLException {
    throw readOnly("updateFloat");
  }

  @Override
  default void updateInt(String columnLabel, int value) throws SQLException {
    throw readOnly("updateInt");
  }

  @Override
  default void updateInt(int columnIndex, int value) throws SQLException {
    throw readOnly("updateInt");
  }

  @Override
  default void updateLong(String columnLabel, long value) throws SQLException {
    throw readOnly("updateLong");
  }

  @Override
  default void updateLong(int columnIndex, long value) throws SQLException {
    throw readOnly("updateLong");
  }

  @Override
  default void updateNCharacterStream(String columnLabel, Reader value, long length) throws SQLException {
    throw readOnly("updateNCharacterStream");
  }

  @Override
  default void updateNCharacterStream(String columnLabel, Reader value) throws SQLException {
    throw readOnly("updateNCharacterStream");
  }

  @Override
  default void updateNCharacterStream(int columnIndex, Reader value, long length) throws SQLException {
    throw readOnly("updateNCharacterStream");
  }

  @Override
  default void updateNCharacterStream(int columnIndex, Reader value) throws SQLException {
    throw readOnly("updateNCharacterStream");
  }

  @Override
  default void updateNClob(String columnLabel, Reader value, long length) throws SQLException {
    throw readOnly("updateNClob");
  }

  @Override
  default void updateNClob(String columnLabel, Reader value) throws SQLException {
    throw readOnly("updateNClob");
  }

  @Override
  default void updateNClob(String columnLabel, NClob value) throws SQLException {
    throw readOnly("updateNClob");
  }

  @Override
  default void updateNClob(int columnIndex, Reader value, long length) throws SQLException {
    throw readOnly("updateNClob");
  }

  @Override
  default void updateNClob(int columnIndex, Reader value) throws SQLException {
    throw readOnly("updateNClob");
  }

  @Override
  default void updateNClob(int columnIndex, NClob value) throws SQLException {
    throw readOnly("updateNClob");
  }

  @Override
  default void updateNString(String columnLabel, String value) throws SQLException {
    throw readOnly("updateNString");
  }

  @Override
  default void updateNString(int columnIndex, String value) throws SQLException {
    throw readOnly("updateNString");
  }

  @Override
  default void updateNull(String columnLabel) throws SQLException {
    throw readOnly("updateNull");
  }

  @Override
  default void updateNull(int columnIndex) throws SQLException {
    throw readOnly("updateNull");
  }

  @Override
  default void updateObject(String columnLabel, Object value, int length) throws SQLException {
    throw readOnly("updateObject");
  }

  @Override
  default void updateObject(String columnLabel, Object value) throws SQLException {
    throw readOnly("updateObject");
  }

  @Override
  default void updateObject(int columnIndex, Object value, int length) throws SQLException {
    throw readOnly("updateObject");
  }

  @Override
  default void updateObject(int columnIndex, Object value) throws SQLException {
    throw readOnly("updateObject");
  }

  @Override
  default void updateRef(String columnLabel, Ref value) throws SQLException {
    throw readOnly("updateRef");
  }

  @Override
  default void updateRef(int columnIndex, Ref value) throws SQLException {
    throw readOnly("updateRef");
  }

  @Override
  default void updateRow() throws SQLException {
    throw readOnly("updateRow");
  }

  @Override
  default void updateRowId(String columnLabel, RowId value) throws SQLException {
    throw readOnly("updateRowId");
  }

  @Override
  default void updateRowId(int columnIndex, RowId value) throws SQLException {
    throw readOnly("updateRowId");
  }

  @Override
  default void updateSQLXML(String columnLabel, SQLXML value) throws SQLException {
    throw readOnly("updateSQLXML");
  }

  @Override
  default void updateSQLXML(int columnIndex, SQLXML value) throws SQLException {
    throw readOnly("updateSQLXML");
  }

  @Override
  default void updateShort(String columnLabel, short value) throws SQLException {
    throw readOnly("updateShort");
  }

  @Override
  default void updateShort(int columnIndex, short value) throws SQLException {
    throw readOnly("updateShort");
  }

  @Override
  default void updateString(String columnLabel, String value) throws SQLException {
    throw readOnly("updateString");
  }

  @Override
  default void updateString(int columnIndex, String value) throws SQLException {
    throw readOnly("updateString");
  }

  @Override
  default void updateTime(String columnLabel, Time value) throws SQLException {
    throw readOnly("updateTime");
  }

  @Override
  default void updateTime(int columnIndex, Time value) throws SQLException {
    throw readOnly("updateTime");
  }

  @Override
  default void updateTimestamp(String columnLabel, Timestamp value) throws SQLException {
    throw readOnly("updateTimestamp");
  }

  @Override
  default void updateTimestamp(int columnIndex, Timestamp value) throws SQLException {
    throw readOnly("updateTimestamp");
  }
}
