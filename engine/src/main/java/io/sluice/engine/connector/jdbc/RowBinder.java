package io.sluice.engine.connector.jdbc;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.BooleanVector;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.DoubleVector;
import io.sluice.catalog.data.LongVector;
import io.sluice.catalog.data.Values;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * Sets a row's values, read from a batch's columns, as a prepared statement's parameters, in a
 * given order of columns. Numbers and booleans go through the primitive setters; text, decimals
 * and dates become the Java objects JDBC takes (the driver copies them into its buffer anyway).
 */
final class RowBinder {
  private final List<DataType> types;
  private final int[] sqlTypes;

  /** @param sqlTypes the target columns' {@link java.sql.Types}, for NULLs */
  RowBinder(List<DataType> types, int[] sqlTypes) {
    this.types = types;
    this.sqlTypes = sqlTypes;
  }

  /** Sets parameters 1.. to the values of {@code order}'s columns at {@code row}. */
  void bind(PreparedStatement statement, ColumnVector[] columns, int row, int[] order) throws SQLException {
    for (int p = 0; p < order.length; p++) {
      int c = order[p];
      bindValue(statement, p + 1, c, columns[c], row);
    }
  }

  private void bindValue(PreparedStatement statement, int parameter, int c, ColumnVector vector, int row)
      throws SQLException {
    DataType type = types.get(c);
    if (vector.isNull(row)) {
      statement.setNull(parameter, sqlTypes[c]);
      return;
    }
    switch (type.kind()) {
      case BOOLEAN:
        statement.setBoolean(parameter, ((BooleanVector) vector).values[row]);
        break;
      case TINYINT:
      case SMALLINT:
      case INTEGER:
      case BIGINT:
        if (sqlTypes[c] == java.sql.Types.INTEGER || sqlTypes[c] == java.sql.Types.SMALLINT
            || sqlTypes[c] == java.sql.Types.TINYINT) {
          statement.setInt(parameter, (int) ((LongVector) vector).values[row]);
        } else {
          statement.setLong(parameter, ((LongVector) vector).values[row]);
        }
        break;
      case DECIMAL:
        statement.setBigDecimal(parameter, BigDecimal.valueOf(((LongVector) vector).values[row], type.scale()));
        break;
      case REAL:
        statement.setFloat(parameter, (float) ((DoubleVector) vector).values[row]);
        break;
      case DOUBLE:
        statement.setDouble(parameter, ((DoubleVector) vector).values[row]);
        break;
      case CHAR:
      case VARCHAR:
        statement.setString(parameter, ((BytesVector) vector).getString(row));
        break;
      case DATE:
        statement.setObject(parameter, LocalDate.ofEpochDay(((LongVector) vector).values[row]));
        break;
      case TIME:
        statement.setObject(parameter, LocalTime.ofNanoOfDay(((LongVector) vector).values[row] * 1_000_000L));
        break;
      case TIMESTAMP:
        statement.setObject(parameter, Values.timestampToJava(((LongVector) vector).values[row]));
        break;
      default:
        statement.setNull(parameter, sqlTypes[c]);
    }
  }
}
