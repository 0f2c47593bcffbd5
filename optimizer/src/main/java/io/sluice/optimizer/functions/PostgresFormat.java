package io.sluice.optimizer.functions;

import io.sluice.catalog.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.SqlUtil;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.util.NlsString;

/**
 * PostgreSQL's {@code FORMAT(format, arguments...)}: {@code %s} an argument as text (NULL as
 * nothing), {@code %I} as an identifier ({@code QUOTE_IDENT}), {@code %L} as a literal
 * ({@code QUOTE_LITERAL}, NULL as {@code NULL}), {@code %%} a percent sign; a specifier may name its
 * argument ({@code %2$s}) and a width ({@code %10s} right-aligned, {@code %-10s} left-aligned,
 * {@code %*s} from the next argument, a negative width aligning left), padding with blanks and never
 * cutting. Without a position a specifier takes the argument after the one the previous specifier took.
 *
 * <p>The format is read while planning, so it must be a literal string; the call becomes a
 * concatenation of the format's text, as constants, and its arguments, each converted as its
 * specifier says: no format is parsed per row. A format PostgreSQL refuses is refused with SQLSTATE
 * 22023, naming the character of the format at fault.
 */
public final class PostgresFormat extends SqlFunction {
  public static final PostgresFormat INSTANCE = new PostgresFormat();

  private PostgresFormat() {
    super("FORMAT", SqlKind.OTHER_FUNCTION, ReturnTypes.VARCHAR_NULLABLE, null, OperandTypes.ONE_OR_MORE,
        SqlFunctionCategory.STRING);
  }

  @Override
  public SqlNode rewriteCall(SqlValidator validator, SqlCall call) {
    List<SqlNode> operands = call.getOperandList();
    SqlParserPos pos = call.getParserPosition();
    if (operands.isEmpty()) {
      throw ArgumentException.at(call, ErrorCode.TYPE_MISMATCH, "FORMAT needs a format string");
    }
    SqlNode format = operands.get(0);
    if (SqlUtil.isNullLiteral(format, false)) {
      return cast(format, pos);
    }
    if (!(format instanceof SqlCharStringLiteral)) {
      throw ArgumentException.at(format, ErrorCode.UNSUPPORTED,
          "FORMAT takes its format as a literal string (it is read while the query is planned)");
    }
    String text = ((SqlCharStringLiteral) format).getValueAs(NlsString.class).getValue();
    List<SqlNode> arguments = operands.subList(1, operands.size());
    List<SqlNode> pieces = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int next = 0; // the argument a specifier without position takes
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '%') {
        literal.append(c);
        i++;
        continue;
      }
      int start = i;
      i++;
      if (i >= text.length()) {
        throw bad(format, text, start, "unterminated format() type specifier");
      }
      if (text.charAt(i) == '%') {
        literal.append('%');
        i++;
        continue;
      }
      // %[position$][-][width | * | *position$]type
      int position = -1;
      int digitsEnd = digitsEnd(text, i);
      if (digitsEnd > i && digitsEnd < text.length() && text.charAt(digitsEnd) == '$') {
        position = number(format, text, start, i, digitsEnd);
        i = digitsEnd + 1;
      }
      boolean left = false;
      while (i < text.length() && text.charAt(i) == '-') {
        left = true;
        i++;
      }
      SqlNode width = null;
      int fixedWidth = -1;
      if (i < text.length() && text.charAt(i) == '*') {
        i++;
        int widthDigitsEnd = digitsEnd(text, i);
        int widthArgument;
        if (widthDigitsEnd > i && widthDigitsEnd < text.length() && text.charAt(widthDigitsEnd) == '$') {
          widthArgument = number(format, text, start, i, widthDigitsEnd);
          i = widthDigitsEnd + 1;
        } else {
          widthArgument = next + 1;
        }
        width = argument(arguments, widthArgument, format, text, start);
        next = widthArgument;
      } else {
        int widthEnd = digitsEnd(text, i);
        if (widthEnd > i) {
          fixedWidth = number(format, text, start, i, widthEnd);
          i = widthEnd;
        }
      }
      if (i >= text.length()) {
        throw bad(format, text, start, "unterminated format() type specifier");
      }
      char type = text.charAt(i);
      if (type != 's' && type != 'I' && type != 'L') {
        throw bad(format, text, i, "unrecognized format() type specifier \"" + type + "\" (use %s, %I, %L or %%)");
      }
      i++;
      int index = position > 0 ? position : next + 1;
      SqlNode value = argument(arguments, index, format, text, start);
      next = index;
      if (literal.length() > 0) {
        pieces.add(SqlLiteral.createCharString(literal.toString(), pos));
        literal.setLength(0);
      }
      pieces.add(padded(converted(type, value, pos), left, fixedWidth, width, pos));
    }
    if (literal.length() > 0 || pieces.isEmpty()) {
      pieces.add(SqlLiteral.createCharString(literal.toString(), pos));
    }
    SqlNode result = pieces.get(0);
    for (int p = 1; p < pieces.size(); p++) {
      result = SqlStdOperatorTable.CONCAT.createCall(pos, result, pieces.get(p));
    }
    return pieces.size() == 1 ? cast(result, pos) : result;
  }

  /** The argument of a specifier as text: as it is for %s (NULL as nothing), quoted for %I and %L. */
  private static SqlNode converted(char type, SqlNode value, SqlParserPos pos) {
    SqlNode text = cast(value, pos);
    switch (type) {
      case 'I':
        return call("QUOTE_IDENT", pos, text);
      case 'L':
        return ifNull(value, SqlLiteral.createCharString("NULL", pos), call("QUOTE_LITERAL", pos, text), pos);
      default:
        return ifNull(value, SqlLiteral.createCharString("", pos), text, pos);
    }
  }

  /** The text padded with blanks to a width, never cut; a negative width from an argument aligns left. */
  private static SqlNode padded(SqlNode text, boolean left, int fixedWidth, SqlNode width, SqlParserPos pos) {
    if (width == null && fixedWidth <= 0) {
      return text;
    }
    if (width == null) {
      return pad(text, left, SqlLiteral.createExactNumeric(Integer.toString(fixedWidth), pos), pos);
    }
    SqlNode negative = SqlStdOperatorTable.LESS_THAN.createCall(pos, width, SqlLiteral.createExactNumeric("0", pos));
    SqlNode magnitude = SqlStdOperatorTable.ABS.createCall(pos, width);
    return new SqlCase(pos, null, SqlNodeList.of(negative),
        SqlNodeList.of(pad(text, true, magnitude, pos)), pad(text, left, magnitude, pos));
  }

  private static SqlNode pad(SqlNode text, boolean left, SqlNode width, SqlParserPos pos) {
    SqlNode shorter = SqlStdOperatorTable.LESS_THAN.createCall(pos,
        SqlStdOperatorTable.CHAR_LENGTH.createCall(pos, text), width);
    return new SqlCase(pos, null, SqlNodeList.of(shorter),
        SqlNodeList.of(call(left ? "RPAD" : "LPAD", pos, text, width)), text);
  }

  private static SqlNode ifNull(SqlNode value, SqlNode whenNull, SqlNode otherwise, SqlParserPos pos) {
    return new SqlCase(pos, null, SqlNodeList.of(SqlStdOperatorTable.IS_NULL.createCall(pos, value)),
        SqlNodeList.of(whenNull), otherwise);
  }

  private static SqlNode cast(SqlNode value, SqlParserPos pos) {
    return SqlStdOperatorTable.CAST.createCall(pos, value,
        new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.VARCHAR, pos), pos));
  }

  /** A call of a function by name, resolved by the validator as the user's calls are. */
  private static SqlNode call(String name, SqlParserPos pos, SqlNode... operands) {
    return new SqlUnresolvedFunction(new SqlIdentifier(name, pos), null, null, null, null,
        SqlFunctionCategory.USER_DEFINED_FUNCTION).createCall(pos, operands);
  }

  private static SqlNode argument(List<SqlNode> arguments, int index, SqlNode format, String text, int start) {
    if (index > arguments.size()) {
      throw bad(format, text, start, "too few arguments for format(): the specifier takes argument " + index
          + " and there " + (arguments.size() == 1 ? "is 1" : "are " + arguments.size()));
    }
    return arguments.get(index - 1);
  }

  private static int number(SqlNode format, String text, int start, int from, int to) {
    if (to - from > 9) {
      throw bad(format, text, start, "number is out of range");
    }
    int value = Integer.parseInt(text.substring(from, to));
    if (value == 0 && to < text.length() && text.charAt(to) == '$') {
      throw bad(format, text, start, "format specifies argument 0, but arguments are numbered from 1");
    }
    return value;
  }

  private static int digitsEnd(String text, int from) {
    int i = from;
    while (i < text.length() && Character.isDigit(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static RuntimeException bad(SqlNode format, String text, int at, String problem) {
    return ArgumentException.at(format, ErrorCode.INVALID_ARGUMENT, "FORMAT: " + problem + ", at character "
        + (at + 1) + " of the format '" + text + "'");
  }
}
