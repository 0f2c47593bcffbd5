package io.sluice.server.pgwire;

import java.io.IOException;
import java.sql.SQLException;

/** The backend messages of protocol 3.0 the server sends, one method each, over a {@link MessageWriter}. */
final class Backend {
  static final int AUTH_OK = 0;
  static final int AUTH_SASL = 10;
  static final int AUTH_SASL_CONTINUE = 11;
  static final int AUTH_SASL_FINAL = 12;

  final MessageWriter out;

  Backend(MessageWriter out) {
    this.out = out;
  }

  void authentication(int code, byte[] data) throws IOException {
    out.begin('R').int32(code).bytes(data).end();
  }

  void saslMechanisms() throws IOException {
    out.begin('R').int32(AUTH_SASL).cstring("SCRAM-SHA-256").int8(0).end();
  }

  void parameterStatus(String name, String value) throws IOException {
    out.begin('S').cstring(name).cstring(value).end();
  }

  void backendKeyData(int processId, int secret) throws IOException {
    out.begin('K').int32(processId).int32(secret).end();
  }

  void negotiateProtocolVersion(int minor, java.util.List<String> unknownOptions) throws IOException {
    out.begin('v').int32(minor).int32(unknownOptions.size());
    for (String option : unknownOptions) {
      out.cstring(option);
    }
    out.end();
  }

  /** ReadyForQuery with the transaction status: 'I' idle, 'T' in a block, 'E' in a failed block. */
  void readyForQuery(char status) throws IOException {
    out.begin('Z').int8(status).end();
    out.flush();
  }

  void rowDescription(ResultRows rows, short[] formats) throws IOException {
    int n = rows.columnCount();
    out.begin('T').int16(n);
    for (int i = 1; i <= n; i++) {
      PgType type = rows.type(i);
      out.cstring(rows.name(i)).int32(0).int16(0).int32(type.oid).int16(type.size).int32(rows.typeModifier(i))
          .int16(format(formats, i - 1));
    }
    out.end();
  }

  /** One row; {@code formats} as Bind gave them (none: all text; one: for every column). */
  void dataRow(ResultRows rows, short[] formats) throws IOException, SQLException {
    int n = rows.columnCount();
    out.begin('D').int16(n);
    for (int i = 1; i <= n; i++) {
      byte[] value = rows.value(i, format(formats, i - 1) == 1);
      if (value == null) {
        out.int32(-1);
      } else {
        out.int32(value.length).bytes(value);
      }
    }
    out.end();
  }

  static short format(short[] formats, int column) {
    if (formats == null || formats.length == 0) {
      return 0;
    }
    return formats.length == 1 ? formats[0] : formats[column];
  }

  void commandComplete(String tag) throws IOException {
    out.begin('C').cstring(tag).end();
  }

  void emptyQueryResponse() throws IOException {
    out.begin('I').end();
  }

  void parseComplete() throws IOException {
    out.begin('1').end();
  }

  void bindComplete() throws IOException {
    out.begin('2').end();
  }

  void closeComplete() throws IOException {
    out.begin('3').end();
  }

  void noData() throws IOException {
    out.begin('n').end();
  }

  void portalSuspended() throws IOException {
    out.begin('s').end();
  }

  void parameterDescription(int[] oids) throws IOException {
    out.begin('t').int16(oids.length);
    for (int oid : oids) {
      out.int32(oid);
    }
    out.end();
  }

  /** ErrorResponse: severity, SQLSTATE, message and, when known, the 1-based character position in the query. */
  void error(String sqlState, String message, int position) throws IOException {
    fields('E', "ERROR", sqlState, message, position);
  }

  /** A fatal error: the connection closes after it. */
  void fatal(String sqlState, String message) throws IOException {
    fields('E', "FATAL", sqlState, message, 0);
    out.flush();
  }

  void notice(String sqlState, String message) throws IOException {
    fields('N', "WARNING", sqlState, message, 0);
  }

  private void fields(char type, String severity, String sqlState, String message, int position) throws IOException {
    out.begin(type).int8('S').cstring(severity).int8('V').cstring(severity).int8('C')
        .cstring(sqlState == null || sqlState.length() != 5 ? "XX000" : sqlState).int8('M').cstring(message);
    if (position > 0) {
      out.int8('P').cstring(Integer.toString(position));
    }
    out.int8(0).end();
  }
}
