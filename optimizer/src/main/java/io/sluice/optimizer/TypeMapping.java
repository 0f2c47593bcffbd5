package io.sluice.optimizer;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TableSchema;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;

/**
 * The old place of {@link io.sluice.optimizer.analysis.TypeMapping}, kept only for the engine's
 * callers while the engine's packages are being restructured: the optimizer's own packages use
 * the analysis one, which took it out of the cycle root &lt;-&gt; physical &lt;-&gt; schema. Delete this
 * class once the engine imports the analysis one.
 */
public final class TypeMapping {
  private TypeMapping() {}

  public static DataType toDataType(RelDataType type) {
    return io.sluice.optimizer.analysis.TypeMapping.toDataType(type);
  }

  public static RelDataType toRelDataType(RelDataTypeFactory factory, DataType type) {
    return io.sluice.optimizer.analysis.TypeMapping.toRelDataType(factory, type);
  }

  public static List<DataType> toDataTypes(RelDataType rowType) {
    return io.sluice.optimizer.analysis.TypeMapping.toDataTypes(rowType);
  }

  public static TableSchema toSchema(RelDataType rowType) {
    return io.sluice.optimizer.analysis.TypeMapping.toSchema(rowType);
  }

  public static RelDataType toRowType(RelDataTypeFactory factory, TableSchema schema) {
    return io.sluice.optimizer.analysis.TypeMapping.toRowType(factory, schema);
  }
}
