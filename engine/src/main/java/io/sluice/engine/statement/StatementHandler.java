package io.sluice.engine.statement;

import io.sluice.engine.result.StatementResult;
import io.sluice.sqlparser.Statement;

/**
 * Runs one kind of statement that takes no parameters and does its work when executed (DDL,
 * SET, SHOW, STOP QUERY, ...). {@link Statements} picks the handler by the statement's class.
 *
 * @param <S> the statement kind
 */
@FunctionalInterface
interface StatementHandler<S extends Statement> {
  StatementResult execute(S statement);
}
