package io.sluice.optimizer.analysis;

import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.TypeKind;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/** Converts between Sluice's {@link DataType} and Calcite's {@link RelDataType}. */
public final class TypeMapping {
  private TypeMapping() {}

  public static DataType toDataType(RelDataType type) {
    boolean nullable = type.isNullable();
    SqlTypeName name = type.getSqlTypeName();
    TypeKind kind;
    switch (name) {
      case BOOLEAN: kind = TypeKind.BOOLEAN; break;
      case TINYINT: kind = TypeKind.TINYINT; break;
      case SMALLINT: kind = TypeKind.SMALLINT; break;
      case INTEGER: kind = TypeKind.INTEGER; break;
      case BIGINT: kind = TypeKind.BIGINT; break;
      case DECIMAL:
        return new DataType(TypeKind.DECIMAL, type.getPrecision(), Math.max(0, type.getScale()), nullable);
      case REAL:
      case FLOAT: kind = TypeKind.REAL; break;
      case DOUBLE: kind = TypeKind.DOUBLE; break;
      case CHAR:
        return new DataType(TypeKind.CHAR, type.getPrecision(), 0, nullable);
      case VARCHAR:
        return new DataType(TypeKind.VARCHAR,
            type.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED ? -1 : type.getPrecision(), 0, nullable);
      case DATE: kind = TypeKind.DATE; break;
      case TIME: kind = TypeKind.TIME; break;
      case TIMESTAMP: kind = TypeKind.TIMESTAMP; break;
      case NULL: kind = TypeKind.NULL; break;
      case SYMBOL: kind = TypeKind.NULL; break;
      case INTERVAL_YEAR:
      case INTERVAL_YEAR_MONTH:
      case INTERVAL_MONTH:
        kind = TypeKind.INTERVAL_YEAR_MONTH;
        break;
      case INTERVAL_DAY:
      case INTERVAL_DAY_HOUR:
      case INTERVAL_DAY_MINUTE:
      case INTERVAL_DAY_SECOND:
      case INTERVAL_HOUR:
      case INTERVAL_HOUR_MINUTE:
      case INTERVAL_HOUR_SECOND:
      case INTERVAL_MINUTE:
      case INTERVAL_MINUTE_SECOND:
      case INTERVAL_SECOND:
        kind = TypeKind.INTERVAL_DAY_TIME;
        break;
      default:
        throw new SluiceException(ErrorCode.UNSUPPORTED_TYPE, "Type " + type.getFullTypeString() + " is not supported");
    }
    int precision = kind == TypeKind.TIMESTAMP || kind == TypeKind.TIME ? type.getPrecision() : -1;
    return new DataType(kind, precision, 0, nullable);
  }

  public static RelDataType toRelDataType(RelDataTypeFactory factory, DataType type) {
    RelDataType t;
    switch (type.kind()) {
      case BOOLEAN: t = factory.createSqlType(SqlTypeName.BOOLEAN); break;
      case TINYINT: t = factory.createSqlType(SqlTypeName.TINYINT); break;
      case SMALLINT: t = factory.createSqlType(SqlTypeName.SMALLINT); break;
      case INTEGER: t = factory.createSqlType(SqlTypeName.INTEGER); break;
      case BIGINT: t = factory.createSqlType(SqlTypeName.BIGINT); break;
      case DECIMAL: t = factory.createSqlType(SqlTypeName.DECIMAL, type.precision(), type.scale()); break;
      case REAL: t = factory.createSqlType(SqlTypeName.REAL); break;
      case DOUBLE: t = factory.createSqlType(SqlTypeName.DOUBLE); break;
      case CHAR:
        t = type.precision() > 0 ? factory.createSqlType(SqlTypeName.CHAR, type.precision())
            : factory.createSqlType(SqlTypeName.CHAR);
        break;
      case VARCHAR:
        t = type.precision() > 0 ? factory.createSqlType(SqlTypeName.VARCHAR, type.precision())
            : factory.createSqlType(SqlTypeName.VARCHAR);
        break;
      case DATE: t = factory.createSqlType(SqlTypeName.DATE); break;
      case TIME: t = factory.createSqlType(SqlTypeName.TIME, Math.max(0, type.precision() < 0 ? 3 : type.precision())); break;
      case TIMESTAMP:
        t = factory.createSqlType(SqlTypeName.TIMESTAMP, type.precision() < 0 ? 3 : type.precision());
        break;
      case INTERVAL_YEAR_MONTH:
        t = factory.createSqlIntervalType(
            new SqlIntervalQualifier(TimeUnit.YEAR, TimeUnit.MONTH, SqlParserPos.ZERO));
        break;
      case INTERVAL_DAY_TIME:
        t = factory.createSqlIntervalType(
            new SqlIntervalQualifier(TimeUnit.DAY, TimeUnit.SECOND, SqlParserPos.ZERO));
        break;
      case NULL:
      default:
        t = factory.createSqlType(SqlTypeName.NULL);
    }
    return factory.createTypeWithNullability(t, type.nullable());
  }

  public static List<DataType> toDataTypes(RelDataType rowType) {
    List<DataType> types = new ArrayList<>(rowType.getFieldCount());
    for (RelDataTypeField f : rowType.getFieldList()) {
      types.add(toDataType(f.getType()));
    }
    return types;
  }

  public static TableSchema toSchema(RelDataType rowType) {
    List<Column> columns = new ArrayList<>(rowType.getFieldCount());
    for (RelDataTypeField f : rowType.getFieldList()) {
      columns.add(new Column(f.getName(), toDataType(f.getType())));
    }
    return new TableSchema(columns);
  }

  public static RelDataType toRowType(RelDataTypeFactory factory, TableSchema schema) {
    RelDataTypeFactory.Builder builder = factory.builder();
    for (Column c : schema.columns()) {
      builder.add(c.name(), toRelDataType(factory, c.type()));
    }
    return builder.build();
  }
}
