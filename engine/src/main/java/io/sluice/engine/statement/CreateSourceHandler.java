package io.sluice.engine.statement;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.NameMatcher;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.TableKind;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.connector.StreamSource;
import io.sluice.catalog.registry.Catalog;
import io.sluice.engine.exec.ConnectorRegistry;
import io.sluice.engine.result.StatementResult;
import io.sluice.engine.table.SourceTable;
import io.sluice.sqlparser.CalciteSql;
import io.sluice.sqlparser.CreateSource;
import io.sluice.sqlparser.WatermarkDefinition;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;

/**
 * {@code CREATE SOURCE [IF NOT EXISTS] name (columns [, WATERMARK FOR col AS col - INTERVAL ...]
 * [, PRIMARY KEY (col, ...) NOT ENFORCED]) WITH (connector = ...)}: a stream read by a connector,
 * with its event-time column and delay, and the key of its rows when it reads a changelog.
 */
final class CreateSourceHandler implements StatementHandler<CreateSource> {
  private final SessionContext session;
  private final Catalog catalog;

  CreateSourceHandler(SessionContext session) {
    this.session = session;
    this.catalog = session.catalog();
  }

  @Override
  public StatementResult execute(CreateSource create) {
    CatalogObjects.refuseExisting(catalog, create.name(), create.ifNotExists());
    if (catalog.find(create.name()) != null) {
      return StatementResult.ok("Source " + create.name() + " already exists");
    }
    TableSchema schema = Types.schema(create.columns());
    TableDefinition.Watermark watermark = create.watermark() == null ? null : watermark(create, schema);
    String connector = create.options().get("connector");
    if (connector == null) {
      throw new SluiceException(ErrorCode.INVALID_OPTION, "A source needs a connector, e.g. WITH (connector = "
          + "'memory') or (connector = 'files', path = 'in/', format = 'csv')");
    }
    TableDefinition definition = new TableDefinition(create.name(), TableKind.SOURCE, schema, create.options(), null,
        watermark);
    session.externalAccess().checkDefinition(definition);
    StreamSource source = ConnectorRegistry.get(connector).createSource(definition);
    definition = definition.withSchema(source.schema());
    CatalogObjects.ensureRejectsTable(catalog, create.name(), create.options());
    SourceTable table = new SourceTable(create.name(), source, watermark, primaryKey(create, source.schema()));
    if (source.changelogNeedsNormalize() && table.primaryKey().isEmpty()) {
      throw new SluiceException(ErrorCode.INVALID_OPTION, "Source '" + create.name() + "' (format '"
          + source.changelogFormat() + "') keeps the current row of each key to know what a change replaces: declare"
          + " the key, e.g. PRIMARY KEY (id) NOT ENFORCED");
    }
    catalog.register(new Catalog.Entry(definition, table, source, null), false);
    return StatementResult.ok("Source " + create.name() + " created");
  }

  /** The watermark clause: the event-time column, and a constant interval subtracted from it. */
  private static TableDefinition.Watermark watermark(CreateSource create, TableSchema schema) {
    WatermarkDefinition w = create.watermark();
    int column = schema.indexOf(w.column());
    if (column < 0) {
      throw new SluiceException(ErrorCode.UNKNOWN_COLUMN, "Watermark column '" + w.column() + "' is not a column of '"
          + create.name() + "'." + NameMatcher.hint(w.column(), schema.names()));
    }
    if (schema.column(column).type().kind() != TypeKind.TIMESTAMP) {
      throw new SluiceException(ErrorCode.TYPE_MISMATCH, "Watermark column '" + w.column() + "' must be a TIMESTAMP,"
          + " not " + schema.column(column).type().sql());
    }
    SqlNode expression = CalciteSql.parseExpression(w.expression());
    long delay;
    if (expression instanceof SqlIdentifier && isColumn((SqlIdentifier) expression, w.column())) {
      delay = 0;
    } else if (expression.getKind() == org.apache.calcite.sql.SqlKind.MINUS
        && isColumn(((SqlCall) expression).operand(0), w.column())
        && ((SqlCall) expression).operand(1) instanceof org.apache.calcite.sql.SqlIntervalLiteral) {
      org.apache.calcite.sql.SqlIntervalLiteral interval =
          (org.apache.calcite.sql.SqlIntervalLiteral) ((SqlCall) expression).operand(1);
      delay = delayMillis((org.apache.calcite.sql.SqlIntervalLiteral.IntervalValue) interval.getValue());
      if (delay < 0) {
        throw new SluiceException(ErrorCode.VALIDATION_ERROR, "The watermark delay must not be negative");
      }
    } else {
      int[] at = w.expression().toOuterPosition(1, 1);
      throw new SluiceException(ErrorCode.UNSUPPORTED, "WATERMARK FOR " + w.column() + " AS takes '" + w.column()
          + "' or '" + w.column() + " - INTERVAL ...', not '" + w.expression().text() + "'", at[0], at[1], null);
    }
    return new TableDefinition.Watermark(schema.column(column).name(), delay);
  }

  /** The declared primary key's columns as the source's schema spells them. */
  private static java.util.List<String> primaryKey(CreateSource create, TableSchema schema) {
    java.util.List<String> key = new java.util.ArrayList<>();
    for (String name : create.primaryKey()) {
      int column = schema.indexOf(name);
      if (column < 0) {
        throw new SluiceException(ErrorCode.UNKNOWN_COLUMN, "Primary key column '" + name + "' is not a column of '"
            + create.name() + "'." + NameMatcher.hint(name, schema.names()));
      }
      key.add(schema.column(column).name());
    }
    return key;
  }

  /** Milliseconds in a month of a year-month watermark delay: 31 days, as Spark counts a month for a watermark. */
  static final long MILLIS_PER_MONTH = 31L * 24 * 3_600_000;

  /**
   * The delay an interval literal says, in milliseconds. A year-month interval ({@code INTERVAL
   * '1' MONTH}) has no fixed length; as Spark's {@code withWatermark} does, a month counts as 31
   * days, the longest, so that no row of the month is late.
   */
  private static long delayMillis(org.apache.calcite.sql.SqlIntervalLiteral.IntervalValue value) {
    if (value.getIntervalQualifier().isYearMonth()) {
      long months = org.apache.calcite.sql.parser.SqlParserUtil.intervalToMonths(value);
      if (Math.abs(months) > Long.MAX_VALUE / 4 / MILLIS_PER_MONTH) {
        throw new SluiceException(ErrorCode.VALIDATION_ERROR, "The watermark delay of " + months
            + " months is too long");
      }
      return months * MILLIS_PER_MONTH;
    }
    return org.apache.calcite.sql.parser.SqlParserUtil.intervalToMillis(value);
  }

  private static boolean isColumn(SqlNode node, String column) {
    return node instanceof SqlIdentifier && ((SqlIdentifier) node).names.size() == 1
        && ((SqlIdentifier) node).names.get(0).equalsIgnoreCase(column);
  }
}
