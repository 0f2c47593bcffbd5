package io.sluice.engine.connector.files;

import io.sluice.catalog.data.WideDecimal;
import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.TypeKind;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/** Maps between Sluice column types and Parquet's physical and logical types. */
final class ParquetTypes {
  private ParquetTypes() {}

  /** The table schema a Parquet file implies; nested and repeated columns are refused. */
  static TableSchema inferSchema(MessageType fileSchema, String file) {
    List<Column> columns = new ArrayList<>();
    for (Type field : fileSchema.getFields()) {
      if (!field.isPrimitive() || field.isRepetition(Type.Repetition.REPEATED)) {
        throw new SluiceException(ErrorCode.UNSUPPORTED_TYPE, "Column '" + field.getName() + "' of Parquet file '"
            + file + "' is nested or repeated (" + field + "), which Sluice cannot read; declare the table's"
            + " columns to read the others.");
      }
      PrimitiveType primitive = field.asPrimitiveType();
      DataType type = inferType(primitive, file);
      columns.add(new Column(field.getName(), type.withNullable(!field.isRepetition(Type.Repetition.REQUIRED))));
    }
    return new TableSchema(columns);
  }

  static DataType inferType(PrimitiveType type, String file) {
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    switch (type.getPrimitiveTypeName()) {
      case BOOLEAN:
        return DataType.of(TypeKind.BOOLEAN);
      case FLOAT:
        return DataType.of(TypeKind.REAL);
      case DOUBLE:
        return DataType.of(TypeKind.DOUBLE);
      case INT96:
        return new DataType(TypeKind.TIMESTAMP, 3, 0, true);
      case INT32:
      case INT64: {
        boolean is64 = type.getPrimitiveTypeName() == PrimitiveTypeName.INT64;
        if (logical == null) {
          return DataType.of(is64 ? TypeKind.BIGINT : TypeKind.INTEGER);
        }
        if (logical instanceof IntLogicalTypeAnnotation) {
          IntLogicalTypeAnnotation integer = (IntLogicalTypeAnnotation) logical;
          int bits = integer.getBitWidth() + (integer.isSigned() ? 0 : 1);
          if (bits <= 8) {
            return DataType.of(TypeKind.TINYINT);
          } else if (bits <= 16) {
            return DataType.of(TypeKind.SMALLINT);
          } else if (bits <= 32) {
            return DataType.of(TypeKind.INTEGER);
          } else if (bits <= 64) {
            return DataType.of(TypeKind.BIGINT);
          }
          break; // unsigned 64-bit
        }
        if (logical instanceof DecimalLogicalTypeAnnotation) {
          return decimalType((DecimalLogicalTypeAnnotation) logical);
        }
        if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
          return DataType.of(TypeKind.DATE);
        }
        if (logical instanceof TimestampLogicalTypeAnnotation) {
          return new DataType(TypeKind.TIMESTAMP, 3, 0, true);
        }
        if (logical instanceof TimeLogicalTypeAnnotation) {
          return new DataType(TypeKind.TIME, 3, 0, true);
        }
        break;
      }
      case BINARY:
      case FIXED_LEN_BYTE_ARRAY:
        if (logical instanceof DecimalLogicalTypeAnnotation) {
          return decimalType((DecimalLogicalTypeAnnotation) logical);
        }
        if (logical == null && type.getPrimitiveTypeName() == PrimitiveTypeName.BINARY
            || logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
            || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
            || logical instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
          return DataType.of(TypeKind.VARCHAR);
        }
        break;
      default:
        break;
    }
    throw new SluiceException(ErrorCode.UNSUPPORTED_TYPE, "Column '" + type.getName() + "' of Parquet file '" + file
        + "' has type " + type + ", which Sluice cannot read; declare the table's columns to read the others.");
  }

  /** DECIMAL up to 38 digits; wider decimals are read as DOUBLE (approximately). */
  private static DataType decimalType(DecimalLogicalTypeAnnotation decimal) {
    if (decimal.getPrecision() <= DataType.MAX_DECIMAL_PRECISION) {
      return DataType.decimal(decimal.getPrecision(), decimal.getScale());
    }
    return DataType.of(TypeKind.DOUBLE);
  }

  /** The Parquet schema files of a table are written with. */
  static MessageType writeSchema(TableSchema schema, int skippedColumn) {
    Types.MessageTypeBuilder message = Types.buildMessage();
    for (int c = 0; c < schema.size(); c++) {
      if (c == skippedColumn) {
        continue;
      }
      Column column = schema.column(c);
      message.addField(writeType(column.name(), column.type()));
    }
    return message.named("sluice");
  }

  private static PrimitiveType writeType(String name, DataType type) {
    Type.Repetition repetition = type.nullable() ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
    switch (type.kind()) {
      case BOOLEAN:
        return Types.primitive(PrimitiveTypeName.BOOLEAN, repetition).named(name);
      case TINYINT:
        return Types.primitive(PrimitiveTypeName.INT32, repetition).as(LogicalTypeAnnotation.intType(8, true)).named(name);
      case SMALLINT:
        return Types.primitive(PrimitiveTypeName.INT32, repetition).as(LogicalTypeAnnotation.intType(16, true)).named(name);
      case INTEGER:
        return Types.primitive(PrimitiveTypeName.INT32, repetition).named(name);
      case DECIMAL:
        if (type.isWideDecimal()) {
          return Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, repetition).length(WideDecimal.BYTES)
              .as(LogicalTypeAnnotation.decimalType(type.scale(), type.precision())).named(name);
        }
        return Types.primitive(type.precision() <= 9 ? PrimitiveTypeName.INT32 : PrimitiveTypeName.INT64, repetition)
            .as(LogicalTypeAnnotation.decimalType(type.scale(), type.precision())).named(name);
      case REAL:
        return Types.primitive(PrimitiveTypeName.FLOAT, repetition).named(name);
      case DOUBLE:
        return Types.primitive(PrimitiveTypeName.DOUBLE, repetition).named(name);
      case CHAR:
      case VARCHAR:
        return Types.primitive(PrimitiveTypeName.BINARY, repetition).as(LogicalTypeAnnotation.stringType()).named(name);
      case DATE:
        return Types.primitive(PrimitiveTypeName.INT32, repetition).as(LogicalTypeAnnotation.dateType()).named(name);
      case TIME:
        return Types.primitive(PrimitiveTypeName.INT32, repetition)
            .as(LogicalTypeAnnotation.timeType(false, TimeUnit.MILLIS)).named(name);
      case TIMESTAMP:
        // Sluice timestamps carry no zone: Parquet's "not adjusted to UTC" (local) semantics
        return Types.primitive(PrimitiveTypeName.INT64, repetition)
            .as(LogicalTypeAnnotation.timestampType(false, TimeUnit.MILLIS)).named(name);
      case NULL:
        return Types.primitive(PrimitiveTypeName.INT32, Type.Repetition.OPTIONAL).named(name);
      default:
        // BIGINT and intervals (months or milliseconds)
        return Types.primitive(PrimitiveTypeName.INT64, repetition).named(name);
    }
  }
}
