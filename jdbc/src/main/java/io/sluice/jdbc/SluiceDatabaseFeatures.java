package io.sluice.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;

/**
 * The fixed answers of {@link SluiceDatabaseMetaData}: the SQL dialect, transactions, limits and
 * features Sluice has or lacks, none of which depend on the database or the connection. Kept
 * apart from the answers read from the catalog so that each file says one thing.
 */
interface SluiceDatabaseFeatures extends DatabaseMetaData {
  @Override
  default String getSearchStringEscape() {
    return "\\";
  }

  @Override
  default String getExtraNameCharacters() {
    return "";
  }

  @Override
  default String getSchemaTerm() {
    return "schema";
  }

  @Override
  default String getProcedureTerm() {
    return "procedure";
  }

  @Override
  default String getCatalogTerm() {
    return "catalog";
  }

  @Override
  default boolean isCatalogAtStart() {
    return true;
  }

  @Override
  default String getCatalogSeparator() {
    return ".";
  }

  @Override
  default int getSQLStateType() {
    return sqlStateSQL;
  }

  @Override
  default RowIdLifetime getRowIdLifetime() {
    return RowIdLifetime.ROWID_UNSUPPORTED;
  }

  // Names are kept as written and matched without regard to case, quoted or not.

  @Override
  default boolean supportsMixedCaseIdentifiers() {
    return false;
  }

  @Override
  default boolean storesUpperCaseIdentifiers() {
    return false;
  }

  @Override
  default boolean storesLowerCaseIdentifiers() {
    return false;
  }

  @Override
  default boolean storesMixedCaseIdentifiers() {
    return true;
  }

  @Override
  default boolean supportsMixedCaseQuotedIdentifiers() {
    return false;
  }

  @Override
  default boolean storesUpperCaseQuotedIdentifiers() {
    return false;
  }

  @Override
  default boolean storesLowerCaseQuotedIdentifiers() {
    return false;
  }

  @Override
  default boolean storesMixedCaseQuotedIdentifiers() {
    return true;
  }

  // Null ordering follows Calcite's default: NULL is the highest value.

  @Override
  default boolean nullsAreSortedHigh() {
    return true;
  }

  @Override
  default boolean nullsAreSortedLow() {
    return false;
  }

  @Override
  default boolean nullsAreSortedAtStart() {
    return false;
  }

  @Override
  default boolean nullsAreSortedAtEnd() {
    return false;
  }

  @Override
  default boolean nullPlusNonNullIsNull() {
    return true;
  }

  // Query features: Sluice parses and plans queries with Calcite.

  @Override
  default boolean supportsColumnAliasing() {
    return true;
  }

  @Override
  default boolean supportsTableCorrelationNames() {
    return true;
  }

  @Override
  default boolean supportsDifferentTableCorrelationNames() {
    return false;
  }

  @Override
  default boolean supportsExpressionsInOrderBy() {
    return true;
  }

  @Override
  default boolean supportsOrderByUnrelated() {
    return true;
  }

  @Override
  default boolean supportsGroupBy() {
    return true;
  }

  @Override
  default boolean supportsGroupByUnrelated() {
    return true;
  }

  @Override
  default boolean supportsGroupByBeyondSelect() {
    return true;
  }

  @Override
  default boolean supportsLikeEscapeClause() {
    return true;
  }

  @Override
  default boolean supportsNonNullableColumns() {
    return true;
  }

  @Override
  default boolean supportsOuterJoins() {
    return true;
  }

  @Override
  default boolean supportsFullOuterJoins() {
    return true;
  }

  @Override
  default boolean supportsLimitedOuterJoins() {
    return true;
  }

  @Override
  default boolean supportsSubqueriesInComparisons() {
    return true;
  }

  @Override
  default boolean supportsSubqueriesInExists() {
    return true;
  }

  @Override
  default boolean supportsSubqueriesInIns() {
    return true;
  }

  @Override
  default boolean supportsSubqueriesInQuantifieds() {
    return true;
  }

  @Override
  default boolean supportsCorrelatedSubqueries() {
    return true;
  }

  @Override
  default boolean supportsUnion() {
    return true;
  }

  @Override
  default boolean supportsUnionAll() {
    return true;
  }

  // Not claimed: the ODBC and ANSI grammar levels include UPDATE, DELETE and constraints, which
  // Sluice does not have.

  @Override
  default boolean supportsMinimumSQLGrammar() {
    return false;
  }

  @Override
  default boolean supportsCoreSQLGrammar() {
    return false;
  }

  @Override
  default boolean supportsExtendedSQLGrammar() {
    return false;
  }

  @Override
  default boolean supportsANSI92EntryLevelSQL() {
    return false;
  }

  @Override
  default boolean supportsANSI92IntermediateSQL() {
    return false;
  }

  @Override
  default boolean supportsANSI92FullSQL() {
    return false;
  }

  @Override
  default boolean supportsIntegrityEnhancementFacility() {
    return false;
  }

  @Override
  default boolean supportsAlterTableWithAddColumn() {
    return false;
  }

  @Override
  default boolean supportsAlterTableWithDropColumn() {
    return false;
  }

  /** JDBC's {fn CONVERT(...)} escape is not rewritten; CAST works. */
  @Override
  default boolean supportsConvert() {
    return false;
  }

  @Override
  default boolean supportsConvert(int fromType, int toType) {
    return false;
  }

  @Override
  default boolean supportsPositionedDelete() {
    return false;
  }

  @Override
  default boolean supportsPositionedUpdate() {
    return false;
  }

  @Override
  default boolean supportsSelectForUpdate() {
    return false;
  }

  @Override
  default boolean supportsStoredProcedures() {
    return false;
  }

  @Override
  default boolean supportsStoredFunctionsUsingCallSyntax() {
    return false;
  }

  @Override
  default boolean allProceduresAreCallable() {
    return true; // there are none
  }

  @Override
  default boolean allTablesAreSelectable() {
    return true; // no privileges: every listed table, view, source and sink can be queried
  }

  @Override
  default boolean usesLocalFiles() {
    return false;
  }

  @Override
  default boolean usesLocalFilePerTable() {
    return false;
  }

  // Catalogs and schemas do not exist in Sluice.

  @Override
  default boolean supportsSchemasInDataManipulation() {
    return false;
  }

  @Override
  default boolean supportsSchemasInProcedureCalls() {
    return false;
  }

  @Override
  default boolean supportsSchemasInTableDefinitions() {
    return false;
  }

  @Override
  default boolean supportsSchemasInIndexDefinitions() {
    return false;
  }

  @Override
  default boolean supportsSchemasInPrivilegeDefinitions() {
    return false;
  }

  @Override
  default boolean supportsCatalogsInDataManipulation() {
    return false;
  }

  @Override
  default boolean supportsCatalogsInProcedureCalls() {
    return false;
  }

  @Override
  default boolean supportsCatalogsInTableDefinitions() {
    return false;
  }

  @Override
  default boolean supportsCatalogsInIndexDefinitions() {
    return false;
  }

  @Override
  default boolean supportsCatalogsInPrivilegeDefinitions() {
    return false;
  }

  // Transactions: none; every statement takes effect when it completes.

  @Override
  default boolean supportsTransactions() {
    return false;
  }

  @Override
  default int getDefaultTransactionIsolation() {
    return Connection.TRANSACTION_NONE;
  }

  @Override
  default boolean supportsTransactionIsolationLevel(int level) {
    return level == Connection.TRANSACTION_NONE;
  }

  @Override
  default boolean supportsMultipleTransactions() {
    return false;
  }

  @Override
  default boolean supportsDataDefinitionAndDataManipulationTransactions() {
    return false;
  }

  @Override
  default boolean supportsDataManipulationTransactionsOnly() {
    return false;
  }

  @Override
  default boolean dataDefinitionCausesTransactionCommit() {
    return false;
  }

  @Override
  default boolean dataDefinitionIgnoredInTransactions() {
    return false;
  }

  @Override
  default boolean supportsSavepoints() {
    return false;
  }

  @Override
  default boolean autoCommitFailureClosesAllResultSets() {
    return false;
  }

  // Commits never happen, so nothing is ever closed by one.

  @Override
  default boolean supportsOpenCursorsAcrossCommit() {
    return true;
  }

  @Override
  default boolean supportsOpenCursorsAcrossRollback() {
    return true;
  }

  @Override
  default boolean supportsOpenStatementsAcrossCommit() {
    return true;
  }

  @Override
  default boolean supportsOpenStatementsAcrossRollback() {
    return true;
  }

  // Statements and result sets.

  @Override
  default boolean supportsMultipleResultSets() {
    return false;
  }

  @Override
  default boolean supportsMultipleOpenResults() {
    return false;
  }

  @Override
  default boolean supportsBatchUpdates() {
    return true;
  }

  @Override
  default boolean supportsNamedParameters() {
    return false;
  }

  @Override
  default boolean supportsGetGeneratedKeys() {
    return false;
  }

  @Override
  default boolean generatedKeyAlwaysReturned() {
    return false;
  }

  @Override
  default boolean supportsStatementPooling() {
    return false;
  }

  @Override
  default boolean locatorsUpdateCopy() {
    return false;
  }

  @Override
  default boolean supportsResultSetType(int type) {
    return type == ResultSet.TYPE_FORWARD_ONLY;
  }

  @Override
  default boolean supportsResultSetConcurrency(int type, int concurrency) {
    return type == ResultSet.TYPE_FORWARD_ONLY && concurrency == ResultSet.CONCUR_READ_ONLY;
  }

  @Override
  default boolean supportsResultSetHoldability(int holdability) {
    return holdability == ResultSet.HOLD_CURSORS_OVER_COMMIT;
  }

  @Override
  default int getResultSetHoldability() {
    return ResultSet.HOLD_CURSORS_OVER_COMMIT;
  }

  @Override
  default boolean ownUpdatesAreVisible(int type) {
    return false;
  }

  @Override
  default boolean ownDeletesAreVisible(int type) {
    return false;
  }

  @Override
  default boolean ownInsertsAreVisible(int type) {
    return false;
  }

  @Override
  default boolean othersUpdatesAreVisible(int type) {
    return false;
  }

  @Override
  default boolean othersDeletesAreVisible(int type) {
    return false;
  }

  @Override
  default boolean othersInsertsAreVisible(int type) {
    return false;
  }

  @Override
  default boolean updatesAreDetected(int type) {
    return false;
  }

  @Override
  default boolean deletesAreDetected(int type) {
    return false;
  }

  @Override
  default boolean insertsAreDetected(int type) {
    return false;
  }

  // Limits: 0 means none is known, as JDBC specifies.

  @Override
  default int getMaxBinaryLiteralLength() {
    return 0;
  }

  @Override
  default int getMaxCharLiteralLength() {
    return 0;
  }

  @Override
  default int getMaxColumnNameLength() {
    return 0;
  }

  @Override
  default int getMaxColumnsInGroupBy() {
    return 0;
  }

  @Override
  default int getMaxColumnsInIndex() {
    return 0;
  }

  @Override
  default int getMaxColumnsInOrderBy() {
    return 0;
  }

  @Override
  default int getMaxColumnsInSelect() {
    return 0;
  }

  @Override
  default int getMaxColumnsInTable() {
    return 0;
  }

  @Override
  default int getMaxConnections() {
    return 0;
  }

  @Override
  default int getMaxCursorNameLength() {
    return 0;
  }

  @Override
  default int getMaxIndexLength() {
    return 0;
  }

  @Override
  default int getMaxSchemaNameLength() {
    return 0;
  }

  @Override
  default int getMaxProcedureNameLength() {
    return 0;
  }

  @Override
  default int getMaxCatalogNameLength() {
    return 0;
  }

  @Override
  default int getMaxRowSize() {
    return 0;
  }

  @Override
  default boolean doesMaxRowSizeIncludeBlobs() {
    return false;
  }

  @Override
  default int getMaxStatementLength() {
    return 0;
  }

  @Override
  default int getMaxStatements() {
    return 0;
  }

  @Override
  default int getMaxTableNameLength() {
    return 0;
  }

  @Override
  default int getMaxTablesInSelect() {
    return 0;
  }

  @Override
  default int getMaxUserNameLength() {
    return 0;
  }
}
