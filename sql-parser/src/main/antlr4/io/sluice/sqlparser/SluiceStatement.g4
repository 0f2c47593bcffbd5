/*
 * Statement layer of Sluice SQL. Only the statement keywords and the DDL parts are parsed here;
 * query text (SELECT, VALUES, WITH, ...) and UPDATE/DELETE are captured as token ranges whose
 * original text is handed to Calcite's parser. The lexer therefore accepts any input.
 */
grammar SluiceStatement;

options { caseInsensitive = true; }

singleStatement
    : statement SEMICOLON? EOF
    ;

statement
    : query
    | insertStatement
    | updateStatement
    | deleteStatement
    | createStatement
    | dropStatement
    | setStatement
    | resetStatement
    | showStatement
    | describeStatement
    | explainStatement
    | replayStatement
    | stopQueryStatement
    | stepQueryStatement
    ;

// A query is everything up to the end of the statement; Calcite parses it. Requiring a query
// keyword after the opening parentheses tells `INSERT INTO t (SELECT ...)` from a column list.
query
    : LPAREN* (SELECT | VALUES | WITH | TABLE) (~SEMICOLON)*
    ;

insertStatement
    : INSERT INTO identifier columnNameList? query
    ;

updateStatement
    : UPDATE identifier (~SEMICOLON)*
    ;

deleteStatement
    : DELETE FROM identifier (~SEMICOLON)*
    ;

// OR REPLACE is accepted for every kind here and refused where it does not apply, which gives
// better messages than a grammar that cannot predict past CREATE.
createStatement
    : CREATE orReplace? (createTable | createView | createSource | createSink | createIndex)
    ;

orReplace
    : OR REPLACE
    ;

createTable
    : TABLE ifNotExists? identifier tableElementList? withOptions? (AS query)?
    ;

createView
    : VIEW ifNotExists? identifier columnNameList? AS query
    ;

createSource
    : SOURCE ifNotExists? identifier tableElementList? withOptions?
    ;

createSink
    : SINK ifNotExists? identifier tableElementList? withOptions?
    ;

// An index of a table, kept in the catalog; ASC/DESC are accepted as other databases write them.
// Its kind (btree, the default, or hash) is written as PostgreSQL (ON t USING hash (...)) or
// MySQL (USING HASH before ON or after the columns) writes it.
createIndex
    : UNIQUE? INDEX ifNotExists? name=identifier indexMethod? ON table=identifier indexMethod?
        LPAREN indexColumn (COMMA indexColumn)* RPAREN indexMethod?
    ;

indexMethod
    : USING identifier
    ;

indexColumn
    : identifier (ASC | DESC)?
    ;

dropStatement
    : DROP objectKind (IF EXISTS)? identifier dropBehavior=(CASCADE | RESTRICT)?
    ;

// SET alone lists the settings, as SHOW SETTINGS does.
setStatement
    : SET (optionKey EQ setValue)?
    ;

resetStatement
    : RESET optionKey?
    ;

showStatement
    : SHOW (showKind | CHECKPOINT STRING)
    ;

describeStatement
    : (DESCRIBE | DESC) identifier
    ;

explainStatement
    : EXPLAIN explainKind? (query | insertStatement)
    ;

explainKind
    : PLAN FOR
    | CODEGEN
    | ANALYZE
    | CHECKPOINT
    ;

// Runs one recorded batch of a continuous query again, from its checkpoint, and returns its output.
replayStatement
    : REPLAY BATCH INTEGER_VALUE insertStatement
    ;

// Stops a continuous query at a batch boundary; its checkpoint is kept.
stopQueryStatement
    : STOP QUERY identifier
    ;

// Runs the next micro-batch of a continuous query with the manual trigger, and returns when it has committed.
stepQueryStatement
    : STEP QUERY identifier
    ;

ifNotExists
    : IF NOT EXISTS
    ;

objectKind
    : TABLE | VIEW | SOURCE | SINK | INDEX
    ;

showKind
    : TABLES | VIEWS | SOURCES | SINKS | FUNCTIONS | QUERIES | PROGRESS | SETTINGS | INDEXES
    ;

columnNameList
    : LPAREN identifier (COMMA identifier)* RPAREN
    ;

tableElementList
    : LPAREN tableElement (COMMA tableElement)* RPAREN
    ;

tableElement
    : (CONSTRAINT constraintName=identifier)? primaryKeyDefinition
    | columnDefinition
    | watermarkDefinition
    ;

// A source's key: declared, not checked (NOT ENFORCED, as in Flink); a changelog source's rows are keyed by it.
// A table's key is enforced on in-memory tables.
primaryKeyDefinition
    : PRIMARY KEY columnNameList (NOT ENFORCED)?
    ;

columnDefinition
    : identifier dataType columnConstraint*
    ;

columnConstraint
    : NOT NULL
    | NULL
    | PRIMARY KEY (NOT ENFORCED)?
    ;

watermarkDefinition
    : WATERMARK FOR identifier AS expressionToken+
    ;

// Tokens of an expression inside a column list: stops at a ',' or ')' outside parentheses.
expressionToken
    : LPAREN nestedToken* RPAREN
    | ~(LPAREN | RPAREN | COMMA | SEMICOLON)
    ;

nestedToken
    : LPAREN nestedToken* RPAREN
    | ~(LPAREN | RPAREN | SEMICOLON)
    ;

dataType
    : INTERVAL startUnit=intervalUnit (LPAREN startPrecision=INTEGER_VALUE RPAREN)?
        (TO endUnit=intervalUnit (LPAREN endPrecision=INTEGER_VALUE RPAREN)?)?          #intervalType
    | typeName (LPAREN precision=INTEGER_VALUE (COMMA scale=INTEGER_VALUE)? RPAREN)?  #namedType
    ;

intervalUnit
    : YEAR | MONTH | DAY | HOUR | MINUTE | SECOND
    ;

typeName
    : DOUBLE PRECISION
    | (CHARACTER | CHAR) VARYING
    | IDENTIFIER
    | nonReserved
    ;

withOptions
    : WITH LPAREN (option (COMMA option)*)? RPAREN
    ;

option
    : optionKey EQ optionValue
    ;

optionKey
    : STRING
    | word (DOT word)*
    ;

optionValue
    : STRING
    | MINUS? (INTEGER_VALUE | DECIMAL_VALUE)
    | TRUE
    | FALSE
    ;

setValue
    : optionValue
    | word (DOT word)*
    ;

identifier
    : IDENTIFIER
    | QUOTED_IDENTIFIER
    | nonReserved
    ;

// Any bare word, reserved or not: option keys may be named like keywords.
word
    : identifier
    | reserved
    ;

// Keywords that may also be used as names.
nonReserved
    : ANALYZE | ASC | BATCH | CASCADE | CHAR | CHARACTER | CHECKPOINT | CODEGEN | CONSTRAINT | DAY | DESC | DOUBLE
    | ENFORCED | EXISTS | FUNCTIONS | HOUR | IF | INDEX | INDEXES | KEY | MINUTE | MONTH | PLAN | PRECISION | PRIMARY | PROGRESS | USING
    | QUERIES | QUERY | REPLACE | REPLAY | RESTRICT | UNIQUE
    | RESET | SECOND | SETTINGS | SHOW | SINK | SINKS | SOURCE | SOURCES | STEP | STOP | TABLES | VARYING | VIEW
    | VIEWS | WATERMARK | YEAR
    ;

reserved
    : AS | CREATE | DELETE | DESCRIBE | DROP | EXPLAIN | FALSE | FOR | FROM | INSERT | INTERVAL
    | INTO | NOT | NULL | ON | OR | SELECT | SET | TABLE | TO | TRUE | UPDATE | VALUES | WITH
    ;

// Keywords, in alphabetical order (error messages list expected tokens in this order).
ANALYZE: 'ANALYZE';
AS: 'AS';
ASC: 'ASC';
BATCH: 'BATCH';
CASCADE: 'CASCADE';
CHAR: 'CHAR';
CHARACTER: 'CHARACTER';
CHECKPOINT: 'CHECKPOINT';
CODEGEN: 'CODEGEN';
CONSTRAINT: 'CONSTRAINT';
CREATE: 'CREATE';
DAY: 'DAY';
DELETE: 'DELETE';
DESC: 'DESC';
DESCRIBE: 'DESCRIBE';
DOUBLE: 'DOUBLE';
DROP: 'DROP';
ENFORCED: 'ENFORCED';
EXISTS: 'EXISTS';
EXPLAIN: 'EXPLAIN';
FALSE: 'FALSE';
FOR: 'FOR';
FROM: 'FROM';
FUNCTIONS: 'FUNCTIONS';
HOUR: 'HOUR';
IF: 'IF';
INDEX: 'INDEX';
INDEXES: 'INDEXES';
USING: 'USING';
INSERT: 'INSERT';
INTERVAL: 'INTERVAL';
INTO: 'INTO';
KEY: 'KEY';
MINUTE: 'MINUTE';
MONTH: 'MONTH';
NOT: 'NOT';
NULL: 'NULL';
ON: 'ON';
OR: 'OR';
PLAN: 'PLAN';
PRECISION: 'PRECISION';
PRIMARY: 'PRIMARY';
PROGRESS: 'PROGRESS';
QUERIES: 'QUERIES';
QUERY: 'QUERY';
REPLACE: 'REPLACE';
REPLAY: 'REPLAY';
RESET: 'RESET';
RESTRICT: 'RESTRICT';
SECOND: 'SECOND';
SELECT: 'SELECT';
SET: 'SET';
SETTINGS: 'SETTINGS';
SHOW: 'SHOW';
SINK: 'SINK';
SINKS: 'SINKS';
SOURCE: 'SOURCE';
SOURCES: 'SOURCES';
STEP: 'STEP';
STOP: 'STOP';
TABLE: 'TABLE';
TABLES: 'TABLES';
TO: 'TO';
TRUE: 'TRUE';
UNIQUE: 'UNIQUE';
UPDATE: 'UPDATE';
VALUES: 'VALUES';
VARYING: 'VARYING';
VIEW: 'VIEW';
VIEWS: 'VIEWS';
WATERMARK: 'WATERMARK';
WITH: 'WITH';
YEAR: 'YEAR';

EQ: '=';
LPAREN: '(';
RPAREN: ')';
COMMA: ',';
SEMICOLON: ';';
DOT: '.';
MINUS: '-';

STRING: '\'' (~'\'' | '\'\'')* '\'';
QUOTED_IDENTIFIER: '"' (~'"' | '""')* '"';

INTEGER_VALUE: DIGIT+;
DECIMAL_VALUE
    : DIGIT+ '.' DIGIT* EXPONENT?
    | '.' DIGIT+ EXPONENT?
    | DIGIT+ EXPONENT
    ;

IDENTIFIER: (LETTER | '_') (LETTER | DIGIT | '_' | '$')*;

LINE_COMMENT: '--' ~[\r\n]* -> channel(HIDDEN);
BLOCK_COMMENT: '/*' .*? '*/' -> channel(HIDDEN);
WS: [ \t\r\n\f\u000B\u00A0]+ -> channel(HIDDEN);

// Anything else (operators, unterminated quotes, stray characters) is one token of its own,
// so that the lexer never fails: queries are checked by Calcite, not here.
ANY: .;

fragment DIGIT: [0-9];
// A letter: ASCII ones by a plain set; any other by Character.isLetter on the code point just read.
// A set of every Unicode letter ([\p{L}], hundreds of ranges, more again when the grammar is
// case-insensitive) made the lexer's first use cost a tenth of the shell's start-up: its sets are
// built when the class loads. Only identifiers with non-ASCII letters take the predicate's path.
fragment LETTER
    : [a-z]
    | ~[\u0000-\u007F] {Character.isLetter(_input.LA(-1))}?
    ;
fragment EXPONENT: 'E' [+-]? DIGIT+;
