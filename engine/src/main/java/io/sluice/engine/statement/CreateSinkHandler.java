package io.sluice.engine.statement;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.TableKind;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.connector.StreamSink;
import io.sluice.catalog.connector.Table;
import io.sluice.catalog.registry.Catalog;
import io.sluice.engine.exec.ConnectorRegistry;
import io.sluice.engine.result.StatementResult;
import io.sluice.engine.stream.MemorySink;
import io.sluice.sqlparser.CreateSink;

/**
 * {@code CREATE SINK [IF NOT EXISTS] name [(columns)] WITH (connector = ...)}: where a continuous
 * query writes; a memory sink is also a table that queries read.
 */
final class CreateSinkHandler implements StatementHandler<CreateSink> {
  private final SessionContext session;
  private final Catalog catalog;

  CreateSinkHandler(SessionContext session) {
    this.session = session;
    this.catalog = session.catalog();
  }

  @Override
  public StatementResult execute(CreateSink create) {
    CatalogObjects.refuseExisting(catalog, create.name(), create.ifNotExists());
    if (catalog.find(create.name()) != null) {
      return StatementResult.ok("Sink " + create.name() + " already exists");
    }
    TableSchema schema = Types.schema(create.columns());
    String connector = create.options().get("connector");
    if (connector == null) {
      throw new SluiceException(ErrorCode.INVALID_OPTION, "A sink needs a connector, e.g. WITH (connector = "
          + "'memory'), (connector = 'console') or (connector = 'files', path = 'out/', format = 'parquet')");
    }
    TableDefinition definition = new TableDefinition(create.name(), TableKind.SINK, schema, create.options(), null);
    session.externalAccess().checkDefinition(definition);
    StreamSink sink = ConnectorRegistry.get(connector).createSink(definition);
    Table table = sink instanceof MemorySink ? ((MemorySink) sink).table() : null;
    catalog.register(new Catalog.Entry(definition, table, null, sink), false);
    return StatementResult.ok("Sink " + create.name() + " created");
  }
}
