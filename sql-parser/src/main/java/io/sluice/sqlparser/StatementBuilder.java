package io.sluice.sqlparser;

import io.sluice.sqlparser.SluiceStatementParser.ColumnDefinitionContext;
import io.sluice.sqlparser.SluiceStatementParser.DataTypeContext;
import io.sluice.sqlparser.SluiceStatementParser.IdentifierContext;
import io.sluice.sqlparser.SluiceStatementParser.IntervalTypeContext;
import io.sluice.sqlparser.SluiceStatementParser.NamedTypeContext;
import io.sluice.sqlparser.SluiceStatementParser.OptionContext;
import io.sluice.sqlparser.SluiceStatementParser.OptionKeyContext;
import io.sluice.sqlparser.SluiceStatementParser.OptionValueContext;
import io.sluice.sqlparser.SluiceStatementParser.TableElementContext;
import io.sluice.sqlparser.SluiceStatementParser.TableElementListContext;
import io.sluice.sqlparser.SluiceStatementParser.WatermarkDefinitionContext;
import io.sluice.sqlparser.SluiceStatementParser.WithOptionsContext;
import io.sluice.sqlparser.SluiceStatementParser.WordContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;

/** Builds the {@link Statement} records from a parse tree, with the checks the grammar leaves. */
final class StatementBuilder extends SluiceStatementBaseVisitor<Statement> {
  /** Type names a user may write, mapped to their canonical names. */
  private static final Map<String, String> TYPE_NAMES = new LinkedHashMap<>();

  static {
    TYPE_NAMES.put("BOOLEAN", "BOOLEAN");
    TYPE_NAMES.put("TINYINT", "TINYINT");
    TYPE_NAMES.put("SMALLINT", "SMALLINT");
    TYPE_NAMES.put("INT", "INTEGER");
    TYPE_NAMES.put("INTEGER", "INTEGER");
    TYPE_NAMES.put("BIGINT", "BIGINT");
    TYPE_NAMES.put("REAL", "REAL");
    TYPE_NAMES.put("FLOAT", "REAL");
    TYPE_NAMES.put("DOUBLE", "DOUBLE");
    TYPE_NAMES.put("DOUBLE PRECISION", "DOUBLE");
    TYPE_NAMES.put("DECIMAL", "DECIMAL");
    TYPE_NAMES.put("NUMERIC", "DECIMAL");
    TYPE_NAMES.put("DEC", "DECIMAL");
    TYPE_NAMES.put("CHAR", "CHAR");
    TYPE_NAMES.put("CHARACTER", "CHAR");
    TYPE_NAMES.put("VARCHAR", "VARCHAR");
    TYPE_NAMES.put("CHARACTER VARYING", "VARCHAR");
    TYPE_NAMES.put("CHAR VARYING", "VARCHAR");
    TYPE_NAMES.put("STRING", "VARCHAR");
    TYPE_NAMES.put("TEXT", "VARCHAR");
    TYPE_NAMES.put("DATE", "DATE");
    TYPE_NAMES.put("TIME", "TIME");
    TYPE_NAMES.put("TIMESTAMP", "TIMESTAMP");
  }

  /** Canonical types that take a precision; only DECIMAL also takes a scale. */
  private static final Set<String> WITH_PRECISION = Set.of("DECIMAL", "CHAR", "VARCHAR", "TIME", "TIMESTAMP");

  private static final List<String> INTERVAL_UNITS =
      List.of("YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND");

  private final TextPositions positions;

  StatementBuilder(TextPositions positions) {
    this.positions = positions;
  }

  Statement statement(SluiceStatementParser.StatementContext context) {
    return visit(context.getChild(0));
  }

  @Override
  public Statement visitQuery(SluiceStatementParser.QueryContext context) {
    return new QueryStatement(span(context));
  }

  @Override
  public Statement visitInsertStatement(SluiceStatementParser.InsertStatementContext context) {
    List<String> columns = context.columnNameList() == null
        ? List.of() : columnNames(context.columnNameList().identifier());
    return new Insert(identifier(context.identifier()), columns, span(context.query()));
  }

  @Override
  public Statement visitUpdateStatement(SluiceStatementParser.UpdateStatementContext context) {
    return new Update(identifier(context.identifier()), span(context));
  }

  @Override
  public Statement visitDeleteStatement(SluiceStatementParser.DeleteStatementContext context) {
    return new Delete(identifier(context.identifier()), span(context));
  }

  @Override
  public Statement visitCreateStatement(SluiceStatementParser.CreateStatementContext context) {
    ParserRuleContext body = (ParserRuleContext) context.getChild(context.getChildCount() - 1);
    if (context.orReplace() != null
        && (body instanceof SluiceStatementParser.CreateSourceContext
            || body instanceof SluiceStatementParser.CreateSinkContext)) {
      throw error(context.orReplace().getStart(),
          "OR REPLACE is not supported for CREATE " + body.getStart().getText().toUpperCase(Locale.ROOT));
    }
    return visit(body);
  }

  @Override
  public Statement visitCreateTable(SluiceStatementParser.CreateTableContext context) {
    Elements elements = elements(context.tableElementList(), false, true);
    return new CreateTable(
        identifier(context.identifier()),
        elements.columns,
        elements.primaryKey,
        options(context.withOptions()),
        context.ifNotExists() != null,
        orReplace(context),
        context.query() == null ? null : span(context.query()));
  }

  @Override
  public Statement visitCreateView(SluiceStatementParser.CreateViewContext context) {
    List<String> columns = context.columnNameList() == null
        ? List.of() : columnNames(context.columnNameList().identifier());
    return new CreateView(identifier(context.identifier()), columns, span(context.query()),
        orReplace(context), context.ifNotExists() != null);
  }

  @Override
  public Statement visitCreateSource(SluiceStatementParser.CreateSourceContext context) {
    Elements elements = elements(context.tableElementList(), true, true);
    return new CreateSource(identifier(context.identifier()), elements.columns, elements.watermark,
        elements.primaryKey, options(context.withOptions()), context.ifNotExists() != null);
  }

  @Override
  public Statement visitCreateSink(SluiceStatementParser.CreateSinkContext context) {
    Elements elements = elements(context.tableElementList(), false, false);
    return new CreateSink(identifier(context.identifier()), elements.columns,
        options(context.withOptions()), context.ifNotExists() != null);
  }

  @Override
  public Statement visitCreateIndex(SluiceStatementParser.CreateIndexContext context) {
    if (orReplace(context)) {
      throw error(((SluiceStatementParser.CreateStatementContext) context.getParent()).orReplace().getStart(),
          "OR REPLACE is not supported for CREATE INDEX");
    }
    List<String> columns = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (SluiceStatementParser.IndexColumnContext column : context.indexColumn()) {
      String name = identifier(column.identifier());
      if (!seen.add(name.toLowerCase(Locale.ROOT))) {
        throw error(column.getStart(), "column '" + name + "' appears twice in the index");
      }
      columns.add(name);
    }
    String method = "btree";
    if (context.indexMethod().size() > 1) {
      throw error(context.indexMethod(1).getStart(), "the index method is given twice");
    }
    for (SluiceStatementParser.IndexMethodContext using : context.indexMethod()) {
      method = identifier(using.identifier()).toLowerCase(Locale.ROOT);
      if (!CreateIndex.METHODS.contains(method)) {
        throw error(using.identifier().getStart(), "unknown index method '" + identifier(using.identifier())
            + "'; Sluice builds " + String.join(" and ", CreateIndex.METHODS) + " indexes");
      }
    }
    return new CreateIndex(identifier(context.name), identifier(context.table), columns,
        context.UNIQUE() != null, context.ifNotExists() != null, method);
  }

  @Override
  public Statement visitDropStatement(SluiceStatementParser.DropStatementContext context) {
    ObjectKind kind = ObjectKind.valueOf(context.objectKind().getText().toUpperCase(Locale.ROOT));
    boolean cascade = context.dropBehavior != null && context.dropBehavior.getType() == SluiceStatementLexer.CASCADE;
    if (context.dropBehavior != null && kind != ObjectKind.TABLE) {
      throw error(context.dropBehavior, context.dropBehavior.getText().toUpperCase(Locale.ROOT)
          + " is only supported for DROP TABLE");
    }
    return new Drop(kind, identifier(context.identifier()), context.EXISTS() != null, cascade);
  }

  @Override
  public Statement visitSetStatement(SluiceStatementParser.SetStatementContext context) {
    if (context.optionKey() == null) {
      return new Show(ShowKind.SETTINGS); // SET alone
    }
    SluiceStatementParser.SetValueContext value = context.setValue();
    String text = value.optionValue() != null ? optionValue(value.optionValue()) : dotted(value.word());
    return new SetOption(optionKey(context.optionKey()), text);
  }

  @Override
  public Statement visitResetStatement(SluiceStatementParser.ResetStatementContext context) {
    return new ResetOption(context.optionKey() == null ? null : optionKey(context.optionKey()));
  }

  @Override
  public Statement visitShowStatement(SluiceStatementParser.ShowStatementContext context) {
    if (context.CHECKPOINT() != null) {
      return new ShowCheckpoint(unquote(context.STRING().getText(), '\''));
    }
    return new Show(ShowKind.valueOf(context.showKind().getText().toUpperCase(Locale.ROOT)));
  }

  @Override
  public Statement visitDescribeStatement(SluiceStatementParser.DescribeStatementContext context) {
    return new Describe(identifier(context.identifier()));
  }

  @Override
  public Statement visitExplainStatement(SluiceStatementParser.ExplainStatementContext context) {
    ExplainKind kind = ExplainKind.PLAN;
    if (context.explainKind() != null) {
      if (context.explainKind().CODEGEN() != null) {
        kind = ExplainKind.CODEGEN;
      } else if (context.explainKind().ANALYZE() != null) {
        kind = ExplainKind.ANALYZE;
      } else if (context.explainKind().CHECKPOINT() != null) {
        kind = ExplainKind.CHECKPOINT;
      }
    }
    ParseTree target = context.query() != null ? context.query() : context.insertStatement();
    return new Explain(kind, visit(target));
  }

  @Override
  public Statement visitStopQueryStatement(SluiceStatementParser.StopQueryStatementContext context) {
    return new StopQuery(identifier(context.identifier()));
  }

  @Override
  public Statement visitStepQueryStatement(SluiceStatementParser.StepQueryStatementContext context) {
    return new StepQuery(identifier(context.identifier()));
  }

  @Override
  public Statement visitReplayStatement(SluiceStatementParser.ReplayStatementContext context) {
    Token number = context.INTEGER_VALUE().getSymbol();
    long batch;
    try {
      batch = Long.parseLong(number.getText());
    } catch (NumberFormatException e) {
      throw error(number, "batch number " + number.getText() + " is too large");
    }
    return new Replay(batch, (Insert) visit(context.insertStatement()));
  }

  private static boolean orReplace(ParserRuleContext body) {
    return ((SluiceStatementParser.CreateStatementContext) body.getParent()).orReplace() != null;
  }

  /** Columns, watermark and primary key of a CREATE statement's parenthesised list. */
  private static final class Elements {
    final List<ColumnDefinition> columns = new ArrayList<>();
    WatermarkDefinition watermark;
    List<String> primaryKey = List.of();
  }

  private Elements elements(TableElementListContext list, boolean watermarkAllowed, boolean primaryKeyAllowed) {
    Elements elements = new Elements();
    if (list == null) {
      return elements;
    }
    Set<String> names = new HashSet<>();
    Token watermarkColumn = null;
    SluiceStatementParser.PrimaryKeyDefinitionContext primaryKey = null;
    Token inlineKey = null;
    for (TableElementContext element : list.tableElement()) {
      if (element.primaryKeyDefinition() != null) {
        if (!primaryKeyAllowed) {
          throw error(element.getStart(), "PRIMARY KEY is only allowed in CREATE SOURCE and CREATE TABLE");
        }
        if (primaryKey != null || inlineKey != null) {
          throw error(element.getStart(), "at most one PRIMARY KEY may be declared");
        }
        primaryKey = element.primaryKeyDefinition();
        elements.primaryKey = columnNames(primaryKey.columnNameList().identifier());
        continue;
      }
      if (element.columnDefinition() != null) {
        ColumnDefinitionContext column = element.columnDefinition();
        ColumnDefinition definition = column(column);
        if (!names.add(definition.name().toLowerCase(Locale.ROOT))) {
          throw error(column.identifier().getStart(), "duplicate column name '" + definition.name() + "'");
        }
        Token keyToken = inlineKeyToken(column);
        if (keyToken != null) {
          if (!primaryKeyAllowed) {
            throw error(keyToken, "PRIMARY KEY is only allowed in CREATE SOURCE and CREATE TABLE");
          }
          if (primaryKey != null || inlineKey != null) {
            throw error(keyToken, "at most one PRIMARY KEY may be declared");
          }
          inlineKey = keyToken;
          elements.primaryKey = List.of(definition.name());
        }
        elements.columns.add(definition);
        continue;
      }
      WatermarkDefinitionContext watermark = element.watermarkDefinition();
      if (!watermarkAllowed) {
        throw error(watermark.getStart(), "WATERMARK is only allowed in CREATE SOURCE");
      }
      if (elements.watermark != null) {
        throw error(watermark.getStart(), "a source has at most one WATERMARK");
      }
      Token expressionStart = watermark.expressionToken(0).getStart();
      Token expressionStop = watermark.getStop();
      elements.watermark = new WatermarkDefinition(
          identifier(watermark.identifier()), span(expressionStart, expressionStop));
      watermarkColumn = watermark.identifier().getStart();
    }
    // A source without columns takes its schema from the connector: the column is checked later.
    if (watermarkColumn != null && !elements.columns.isEmpty()
        && !names.contains(elements.watermark.column().toLowerCase(Locale.ROOT))) {
      throw error(watermarkColumn, "watermark column '" + elements.watermark.column() + "' is not a column of the source");
    }
    if (primaryKey != null && !elements.columns.isEmpty()) {
      Set<String> keyNames = new HashSet<>();
      for (IdentifierContext key : primaryKey.columnNameList().identifier()) {
        String name = identifier(key).toLowerCase(Locale.ROOT);
        if (!names.contains(name)) {
          throw error(key.getStart(), "primary key column '" + identifier(key) + "' is not a column");
        }
        if (!keyNames.add(name)) {
          throw error(key.getStart(), "column '" + identifier(key) + "' appears twice in the primary key");
        }
      }
    }
    markKeyColumnsNotNull(elements);
    return elements;
  }

  /** Columns of a primary key hold no NULL (SQL standard): the key makes them NOT NULL. */
  private static void markKeyColumnsNotNull(Elements elements) {
    Set<String> key = new HashSet<>();
    for (String name : elements.primaryKey) {
      key.add(name.toLowerCase(Locale.ROOT));
    }
    elements.columns.replaceAll(c -> key.contains(c.name().toLowerCase(Locale.ROOT)) && !c.notNull()
        ? new ColumnDefinition(c.name(), c.type(), true, c.line(), c.column()) : c);
  }

  /** The PRIMARY token of a column's inline key, or null when the column declares none. */
  private static Token inlineKeyToken(ColumnDefinitionContext column) {
    for (SluiceStatementParser.ColumnConstraintContext constraint : column.columnConstraint()) {
      if (constraint.PRIMARY() != null) {
        return constraint.getStart();
      }
    }
    return null;
  }

  private ColumnDefinition column(ColumnDefinitionContext column) {
    Token start = column.identifier().getStart();
    int offset = positions.charOffset(start.getStartIndex());
    boolean notNull = false;
    boolean nullable = false;
    for (SluiceStatementParser.ColumnConstraintContext constraint : column.columnConstraint()) {
      if (constraint.PRIMARY() != null) {
        continue;
      }
      boolean isNotNull = constraint.NOT() != null;
      if ((isNotNull && nullable) || (!isNotNull && notNull)) {
        throw error(constraint.getStart(), "column '" + identifier(column.identifier()) + "' is declared both NULL and NOT NULL");
      }
      notNull |= isNotNull;
      nullable |= !isNotNull;
    }
    return new ColumnDefinition(identifier(column.identifier()), type(column.dataType()), notNull,
        positions.line(offset), positions.column(offset));
  }

  private TypeSpec type(DataTypeContext type) {
    if (type instanceof IntervalTypeContext interval) {
      return intervalType(interval);
    }
    NamedTypeContext named = (NamedTypeContext) type;
    String written = String.join(" ", named.typeName().children.stream()
        .map(child -> child.getText().toUpperCase(Locale.ROOT)).toList());
    String canonical = TYPE_NAMES.get(written);
    if (canonical == null) {
      throw error(named.getStart(), "unknown type '" + named.typeName().getText()
          + "'; known types are " + String.join(", ", TYPE_NAMES.keySet()) + ", INTERVAL");
    }
    int precision = -1;
    int scale = -1;
    if (named.precision != null) {
      if (!WITH_PRECISION.contains(canonical)) {
        throw error(named.precision, "type " + written + " takes no precision");
      }
      precision = integer(named.precision);
    }
    if (named.scale != null) {
      if (!canonical.equals("DECIMAL")) {
        throw error(named.scale, "type " + written + " takes no scale");
      }
      scale = integer(named.scale);
    }
    return new TypeSpec(canonical, precision, scale);
  }

  private TypeSpec intervalType(IntervalTypeContext interval) {
    String start = interval.startUnit.getText().toUpperCase(Locale.ROOT);
    int startIndex = INTERVAL_UNITS.indexOf(start);
    boolean yearMonth = startIndex <= 1;
    int scale = -1;
    if (interval.endUnit != null) {
      String end = interval.endUnit.getText().toUpperCase(Locale.ROOT);
      int endIndex = INTERVAL_UNITS.indexOf(end);
      if (endIndex <= startIndex || yearMonth != (endIndex <= 1)) {
        throw error(interval.endUnit.getStart(), "invalid interval qualifier " + start + " TO " + end);
      }
      if (interval.endPrecision != null) {
        if (!end.equals("SECOND")) {
          throw error(interval.endPrecision, "only SECOND takes a fractional second precision");
        }
        scale = integer(interval.endPrecision);
      }
    }
    int precision = interval.startPrecision == null ? -1 : integer(interval.startPrecision);
    return new TypeSpec(yearMonth ? TypeSpec.INTERVAL_YEAR_MONTH : TypeSpec.INTERVAL_DAY_SECOND, precision, scale);
  }

  private int integer(Token token) {
    try {
      return Integer.parseInt(token.getText());
    } catch (NumberFormatException e) {
      throw error(token, "number " + token.getText() + " is too large");
    }
  }

  private Map<String, String> options(WithOptionsContext with) {
    Map<String, String> options = new LinkedHashMap<>();
    if (with == null) {
      return options;
    }
    for (OptionContext option : with.option()) {
      String key = optionKey(option.optionKey());
      if (options.containsKey(key)) {
        throw error(option.optionKey().getStart(), "duplicate option '" + key + "'");
      }
      options.put(key, optionValue(option.optionValue()));
    }
    return options;
  }

  private String optionKey(OptionKeyContext key) {
    String text = key.STRING() != null ? unquote(key.STRING().getText(), '\'') : dotted(key.word());
    return text.toLowerCase(Locale.ROOT);
  }

  private static String optionValue(OptionValueContext value) {
    if (value.STRING() != null) {
      return unquote(value.STRING().getText(), '\'');
    }
    return value.getText();
  }

  private String dotted(List<WordContext> words) {
    List<String> parts = new ArrayList<>();
    for (WordContext word : words) {
      parts.add(word.identifier() != null ? identifier(word.identifier()) : word.getText());
    }
    return String.join(".", parts);
  }

  private List<String> columnNames(List<IdentifierContext> identifiers) {
    return identifiers.stream().map(this::identifier).toList();
  }

  private String identifier(IdentifierContext identifier) {
    if (identifier.QUOTED_IDENTIFIER() != null) {
      String name = unquote(identifier.QUOTED_IDENTIFIER().getText(), '"');
      if (name.isEmpty()) {
        throw error(identifier.getStart(), "zero-length identifier");
      }
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (Character.isISOControl(c)) {
          // a name with a newline or NUL could be created but not used, and garbles every listing
          throw error(identifier.getStart(), String.format(Locale.ROOT,
              "identifier contains the control character U+%04X; names cannot hold control characters", (int) c));
        }
      }
      return name;
    }
    return identifier.getText();
  }

  private static String unquote(String quoted, char quote) {
    String doubled = String.valueOf(quote) + quote;
    return quoted.substring(1, quoted.length() - 1).replace(doubled, String.valueOf(quote));
  }

  private SqlSpan span(ParserRuleContext context) {
    return span(context.getStart(), context.getStop());
  }

  /** The original text from the start of one token to the end of another, comments included. */
  private SqlSpan span(Token start, Token stop) {
    int from = positions.charOffset(start.getStartIndex());
    int to = positions.charOffset(stop.getStopIndex() + 1);
    return new SqlSpan(positions.text().substring(from, to),
        positions.line(from), positions.column(from), from);
  }

  private SqlParseError error(Token token, String reason) {
    int offset = positions.charOffset(token.getStartIndex());
    return new SqlParseError("Error at ", positions.line(offset), positions.column(offset),
        ": " + reason, token.getText());
  }
}
