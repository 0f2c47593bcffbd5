package io.sluice.engine.statement;

import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.TypeKind;
import io.sluice.sqlparser.ColumnDefinition;
import io.sluice.sqlparser.TypeSpec;
import java.util.ArrayList;
import java.util.List;

/** Column definitions as written in DDL, turned into catalog types. */
final class Types {
  private Types() {}

  static TableSchema schema(List<ColumnDefinition> definitions) {
    List<Column> columns = new ArrayList<>();
    for (ColumnDefinition d : definitions) {
      try {
        columns.add(new Column(d.name(), type(d.type()).withNullable(!d.notNull())));
      } catch (SluiceException e) {
        throw new SluiceException(e.code(), e.getMessage() + " (column '" + d.name() + "')", d.line(), d.column(),
            null);
      }
    }
    return new TableSchema(columns);
  }

  static DataType type(TypeSpec spec) {
    switch (spec.name()) {
      case "BOOLEAN": return DataType.of(TypeKind.BOOLEAN);
      case "TINYINT": return DataType.of(TypeKind.TINYINT);
      case "SMALLINT": return DataType.of(TypeKind.SMALLINT);
      case "INTEGER": return DataType.of(TypeKind.INTEGER);
      case "BIGINT": return DataType.of(TypeKind.BIGINT);
      case "REAL": return DataType.of(TypeKind.REAL);
      case "DOUBLE": return DataType.of(TypeKind.DOUBLE);
      case "DECIMAL": {
        int precision = spec.precision() < 0 ? DataType.MAX_DECIMAL_PRECISION : spec.precision();
        int scale = spec.scale() < 0 ? 0 : spec.scale();
        if (precision > DataType.MAX_DECIMAL_PRECISION) {
          throw new SluiceException(ErrorCode.UNSUPPORTED_TYPE, "DECIMAL precision is at most "
              + DataType.MAX_DECIMAL_PRECISION + " in Sluice, not " + precision
              + "; use DOUBLE or VARCHAR for wider values");
        }
        return DataType.decimal(precision, scale);
      }
      case "CHAR": return new DataType(TypeKind.CHAR, spec.precision() < 0 ? 1 : spec.precision(), 0, true);
      case "VARCHAR": return new DataType(TypeKind.VARCHAR, spec.precision(), 0, true);
      case "DATE": return DataType.of(TypeKind.DATE);
      case "TIME": return new DataType(TypeKind.TIME, timePrecision(spec), 0, true);
      case "TIMESTAMP": return new DataType(TypeKind.TIMESTAMP, timePrecision(spec), 0, true);
      case TypeSpec.INTERVAL_YEAR_MONTH: return DataType.of(TypeKind.INTERVAL_YEAR_MONTH);
      case TypeSpec.INTERVAL_DAY_SECOND: return DataType.of(TypeKind.INTERVAL_DAY_TIME);
      default:
        throw new SluiceException(ErrorCode.UNSUPPORTED_TYPE, "Type " + spec.name() + " is not supported");
    }
  }

  private static int timePrecision(TypeSpec spec) {
    // values are kept in milliseconds: finer precisions are accepted and stored at 3
    return spec.precision() < 0 ? 3 : Math.min(3, spec.precision());
  }
}
