package io.sluice.codegen;

import io.sluice.catalog.DataType;
import io.sluice.optimizer.SluiceTypeSystem;
import io.sluice.optimizer.analysis.TypeMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.sql2rel.StandardConvertletTable;

/**
 * Test helper: turns {@code SELECT exprs FROM t [WHERE cond]} into the RexNodes Calcite's
 * validator and converter produce, set up the way the optimizer's QueryPlanner sets them up.
 */
final class SqlExpressions {
  static final JavaTypeFactoryImpl TYPE_FACTORY = new JavaTypeFactoryImpl(SluiceTypeSystem.INSTANCE);
  static final RexBuilder REX_BUILDER = new RexBuilder(TYPE_FACTORY);

  /** One parsed query over table t. */
  record Query(RelDataType inputRowType, RexNode condition, List<RexNode> projects, RelDataType outputRowType) {}

  private final List<String> names;
  private final List<DataType> types;

  SqlExpressions(List<String> names, List<DataType> types) {
    this.names = names;
    this.types = types;
  }

  RelDataType rowType() {
    RelDataTypeFactory.Builder b = TYPE_FACTORY.builder();
    for (int i = 0; i < names.size(); i++) {
      b.add(names.get(i), TypeMapping.toRelDataType(TYPE_FACTORY, types.get(i)));
    }
    return b.build();
  }

  Query parse(String select, String where) {
    String sql = "SELECT " + select + " FROM t" + (where == null ? "" : " WHERE " + where);
    final RelDataType rowType = rowType();
    AbstractSchema schema = new AbstractSchema() {
      @Override
      protected java.util.Map<String, org.apache.calcite.schema.Table> getTableMap() {
        return java.util.Map.of("T", new AbstractTable() {
          @Override
          public RelDataType getRowType(RelDataTypeFactory typeFactory) {
            return rowType;
          }
        });
      }
    };
    try {
      SqlNode parsed = SqlParser.create(sql, SqlParser.config().withCaseSensitive(false)
          .withUnquotedCasing(org.apache.calcite.avatica.util.Casing.UNCHANGED)).parseQuery();
      CalciteSchema root = CalciteSchema.createRootSchema(false, false, "", schema);
      Properties properties = new Properties();
      properties.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "false");
      CalciteCatalogReader reader = new CalciteCatalogReader(root, List.of(), TYPE_FACTORY,
          new CalciteConnectionConfigImpl(properties));
      SqlValidator validator = SqlValidatorUtil.newValidator(
          SqlOperatorTables.chain(SqlStdOperatorTable.instance(), SqlOperatorTables.of(
              SqlLibraryOperators.CONCAT_FUNCTION, SqlLibraryOperators.LEFT, SqlLibraryOperators.RIGHT,
              SqlLibraryOperators.LPAD, SqlLibraryOperators.RPAD, SqlLibraryOperators.REVERSE,
              SqlLibraryOperators.REPEAT, SqlLibraryOperators.GREATEST, SqlLibraryOperators.LEAST,
              SqlLibraryOperators.LENGTH), reader),
          reader, TYPE_FACTORY,
          SqlValidator.Config.DEFAULT.withConformance(SqlConformanceEnum.LENIENT)
              .withIdentifierExpansion(true).withTypeCoercionEnabled(true));
      SqlNode validated = validator.validate(parsed);
      RelOptCluster cluster = RelOptCluster.create(new HepPlanner(HepProgram.builder().build()), REX_BUILDER);
      SqlToRelConverter converter = new SqlToRelConverter(null, validator, reader, cluster,
          StandardConvertletTable.INSTANCE,
          SqlToRelConverter.config().withTrimUnusedFields(false).withExpand(false));
      RelRoot relRoot = converter.convertQuery(validated, false, true);
      RelNode rel = relRoot.rel;
      List<RexNode> projects = new ArrayList<>();
      RexNode condition = null;
      RelDataType output = rel.getRowType();
      if (rel instanceof Project) {
        projects.addAll(((Project) rel).getProjects());
        rel = rel.getInput(0);
      } else {
        for (int i = 0; i < rel.getRowType().getFieldCount(); i++) {
          projects.add(REX_BUILDER.makeInputRef(rel, i));
        }
      }
      if (rel instanceof Filter) {
        condition = ((Filter) rel).getCondition();
        rel = rel.getInput(0);
      }
      return new Query(rel.getRowType(), condition, projects, output);
    } catch (Exception e) {
      throw new IllegalArgumentException("cannot parse " + sql + ": " + e.getMessage(), e);
    }
  }

  public static void main(String[] args) {
    SqlExpressions sql = new SqlExpressions(
        List.of("i", "l", "d", "s", "dt", "ts", "m", "b", "tm"),
        List.of(DataType.of(io.sluice.catalog.TypeKind.INTEGER), DataType.of(io.sluice.catalog.TypeKind.BIGINT),
            DataType.of(io.sluice.catalog.TypeKind.DOUBLE), DataType.varchar(-1),
            DataType.of(io.sluice.catalog.TypeKind.DATE), new DataType(io.sluice.catalog.TypeKind.TIMESTAMP, 3, 0, true),
            DataType.decimal(10, 2), DataType.of(io.sluice.catalog.TypeKind.BOOLEAN),
            new DataType(io.sluice.catalog.TypeKind.TIME, 3, 0, true)));
    for (String e : args) {
      try {
        Query q = sql.parse(e, null);
        RexNode n = q.projects().get(0);
        System.out.println(e + "  ==>  " + n + " : " + n.getType().getFullTypeString());
      } catch (Exception ex) {
        System.out.println(e + "  ==>  ERROR " + ex.getMessage());
      }
    }
  }
}
