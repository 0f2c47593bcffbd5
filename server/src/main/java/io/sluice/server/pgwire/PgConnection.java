package io.sluice.server.pgwire;

import io.sluice.sqlparser.ScriptSplitter;
import io.sluice.sqlparser.StatementText;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * One client connection speaking protocol 3.0 on its own thread: start-up (SSLRequest answered
 * with TLS when the server has a certificate, else 'N'; GSSENCRequest 'N'), authentication (trust, or SCRAM-SHA-256 against a password file),
 * then simple and extended queries over its own Sluice session (a JDBC connection). A protocol
 * error ends the connection with an ErrorResponse; an SQL error ends only the statement.
 */
public final class PgConnection implements Runnable {
  /** A statement that returns rows, by its first word (after comments and parentheses). */
  private static final java.util.regex.Pattern QUERY = java.util.regex.Pattern.compile(
      "(?is)\\s*(?:(?:--[^\\n]*\\n|/\\*.*?\\*/)\\s*)*\\(*\\s*(SELECT|WITH|VALUES|TABLE)\\b");
  private static final int PROTOCOL_3 = 3 << 16;
  private static final int SSL_REQUEST = 80877103;
  private static final int GSSENC_REQUEST = 80877104;
  private static final int CANCEL_REQUEST = 80877102;
  /** How long a wait for a stream's rows blocks on the socket between looks at the rows. */
  private static final int HANG_UP_CHECK_MILLIS = 100;
  /**
   * How long a cancel that finds the connection idle waits for the statement it may have overtaken:
   * this many polls {@value #IDLE_CANCEL_POLL_MILLIS} ms apart (500 ms on an idle machine).
   */
  private static final int IDLE_CANCEL_POLLS = 250;
  private static final long IDLE_CANCEL_POLL_MILLIS = 2;

  /** What the server lets a connection do and how it finds the others (for cancel requests). */
  public interface Host {
    /** The JDBC URL of the database every connection opens its session on. */
    String jdbcUrl();

    /** The password file, or null to trust every client (only on a loopback address). */
    PasswordFile passwords();

    /** The TLS sockets of the server's certificate, or null when it has none (SSLRequest is then refused). */
    javax.net.ssl.SSLSocketFactory tls();

    int maxMessageBytes();

    int startupTimeoutMillis();

    /** Cancels the running statement of the connection with this key, if there is one. */
    void cancel(int processId, int secret);
  }

  /** The client's socket: the accepted one, or the TLS socket over it once the client asked for TLS. */
  private Socket socket;
  private final Host host;
  private final int processId;
  private final int secret;
  private MessageReader in;
  private Backend out;
  private final SessionCommands commands = new SessionCommands(PgServerVersion.VERSION);
  private final CatalogQueries catalog = new CatalogQueries();
  private final Cursors cursors = new Cursors();
  private final Map<String, ParsedStatement> statements = new HashMap<>();
  private final Map<String, Portal> portals = new HashMap<>();
  private Connection session;
  /** The JDBC statement running now, for cancel requests. */
  private volatile Statement running;
  /**
   * The client's requests answered so far (ReadyForQuery messages sent): the number of the request
   * the connection works on now, or waits for.
   */
  private volatile long requestsAnswered;
  /**
   * The request a cancel came for (-1: none): it applies to whatever statement runs or waits until
   * that request's ReadyForQuery, also one not started yet when the cancel came (a FETCH still
   * being parsed), and to nothing after.
   */
  private volatile long cancelledRequest = -1;
  /** The connection waits for the client's next message with nothing of it read yet. */
  private volatile boolean idle;
  /** After an error in an extended-query sequence, messages are skipped until Sync. */
  private boolean skipUntilSync;
  /** The text of the statement the current extended-protocol message works on, for error positions. */
  private String extendedText;

  public PgConnection(Socket socket, Host host, int processId, int secret) throws IOException {
    this.socket = socket;
    this.host = host;
    this.processId = processId;
    this.secret = secret;
    openStreams();
  }

  private void openStreams() throws IOException {
    this.in = new MessageReader(new BufferedInputStream(socket.getInputStream()), host.maxMessageBytes());
    this.out = new Backend(new MessageWriter(new BufferedOutputStream(socket.getOutputStream(), 1 << 16)));
  }

  /** Answers SSLRequest: 'S' and a TLS handshake when the server has a certificate, else 'N' (the client decides). */
  private void answerSslRequest() throws IOException {
    javax.net.ssl.SSLSocketFactory tls = host.tls();
    if (tls == null || socket instanceof javax.net.ssl.SSLSocket) {
      out.out.raw('N');
      out.out.flush();
      return;
    }
    out.out.raw('S');
    out.out.flush();
    javax.net.ssl.SSLSocket secure = (javax.net.ssl.SSLSocket) tls.createSocket(socket,
        socket.getInetAddress().getHostAddress(), socket.getPort(), true);
    secure.setUseClientMode(false);
    secure.startHandshake();
    socket = secure;
    openStreams();
  }

  @Override
  public void run() {
    try {
      socket.setSoTimeout(host.startupTimeoutMillis());
      if (!startUp()) {
        return;
      }
      socket.setSoTimeout(0);
      serve();
    } catch (ProtocolException e) {
      quietly(() -> out.fatal(e.sqlState(), e.getMessage()));
    } catch (SocketTimeoutException e) {
      quietly(() -> out.fatal("08006", "the client sent no complete start-up within "
          + host.startupTimeoutMillis() + " ms"));
    } catch (IOException e) {
      // the client went away: nothing to tell it
    } catch (SQLException e) {
      quietly(() -> out.fatal(e.getSQLState(), e.getMessage()));
    } catch (RuntimeException e) {
      // a bug of the server's: this connection ends with what went wrong, the others go on
      quietly(() -> out.fatal("XX000", "internal error in the Sluice server: " + e));
    } finally {
      closeSession();
      try {
        socket.close(); // after the error above went out
      } catch (IOException e) {
        // already closed
      }
    }
  }

  /** Cancels the statement running now, as a CancelRequest with this connection's key asks. */
  public void cancelRunning() {
    long request = requestsAnswered;
    if (idle && !awaitMessage(request)) {
      return; // nothing came: it was for a statement that ended (PostgreSQL drops it too)
    }
    cancelledRequest = request; // a request that has ended meanwhile is not cancelled
    cancelQuietly(running);
  }

  /**
   * A cancel found the connection idle: either it is late (its statement ended; the client waits
   * for this request to end before it sends more, as PgJDBC and libpq do) or early (the client sent
   * its statement and the cancel close together, and the cancel came first). Waits a little for a
   * message of the same request; returns whether one came.
   *
   * <p>The wait is counted in polls, not on the clock: what it waits for is the connection's thread
   * taking the message off the socket, and on a loaded machine (or in a pause of the JVM) that
   * thread and the client's run late while the clock runs on, so a deadline ran out with the
   * overtaken statement already sent and the cancel was lost. A poll is counted only when this
   * thread runs, so the window stretches with the delays it competes with. A message seen once
   * counts, even if the connection is idle again before the end of its request.
   */
  private boolean awaitMessage(long request) {
    for (int polls = 0; ; polls++) {
      // one reading of each: the connection is idle again between two messages of one request
      // whose second has not arrived yet, so a second look at 'idle' could miss the message seen
      boolean working = !idle;
      if (requestsAnswered != request) {
        return false; // the request ended: the cancel came after it
      }
      if (working || polls == IDLE_CANCEL_POLLS) {
        return working;
      }
      try {
        Thread.sleep(IDLE_CANCEL_POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /** Whether a cancel came for the request the connection works on. */
  private boolean cancelled() {
    return cancelledRequest == requestsAnswered;
  }

  private static void cancelQuietly(Statement statement) {
    if (statement != null) {
      try {
        statement.cancel();
      } catch (SQLException e) {
        // it ended meanwhile
      }
    }
  }

  /** Ends the client's request: a cancel that comes from now on is for a later one. */
  private void readyForQuery() throws IOException {
    // idle before the client can read ReadyForQuery: a cancel it sends after it is for no statement of the last request
    idle = true;
    requestsAnswered++; // only this thread writes it
    out.readyForQuery(commands.status());
  }

  public int processId() {
    return processId;
  }

  public int secret() {
    return secret;
  }

  /** Reads the start-up packets and authenticates; false when the connection ends there (a cancel request). */
  private boolean startUp() throws IOException, ProtocolException, SQLException {
    while (true) {
      MessageReader.Message packet = in.readStartup();
      if (packet == null) {
        return false;
      }
      int code = packet.readInt32();
      if (code == SSL_REQUEST) {
        answerSslRequest();
        continue;
      }
      if (code == GSSENC_REQUEST) {
        out.out.raw('N'); // no GSSAPI: the client goes on without it or gives up
        out.out.flush();
        continue;
      }
      if (code == CANCEL_REQUEST) {
        host.cancel(packet.readInt32(), packet.readInt32());
        return false;
      }
      if ((code >>> 16) != 3) {
        throw new ProtocolException("0A000", "unsupported frontend protocol " + (code >>> 16) + "." + (code & 0xffff)
            + ": the server supports 3.0");
      }
      Map<String, String> parameters = new LinkedHashMap<>();
      List<String> unknownOptions = new ArrayList<>();
      while (true) {
        String key = packet.readCString();
        if (key.isEmpty()) {
          break;
        }
        String value = packet.readCString();
        if (key.startsWith("_pq_.")) {
          unknownOptions.add(key);
        } else {
          parameters.put(key, value);
        }
      }
      String user = parameters.get("user");
      if (user == null || user.isEmpty()) {
        throw new ProtocolException("28000", "no PostgreSQL user name specified in startup packet");
      }
      if (code != PROTOCOL_3 || !unknownOptions.isEmpty()) {
        out.negotiateProtocolVersion(0, unknownOptions);
      }
      authenticate(user);
      Properties properties = new Properties();
      properties.setProperty("user", user);
      session = DriverManager.getConnection(host.jdbcUrl(), properties);
      for (Map.Entry<String, String> p : parameters.entrySet()) {
        commands.setStartupParameter(p.getKey(), p.getValue());
      }
      out.authentication(Backend.AUTH_OK, new byte[0]);
      for (Map.Entry<String, String> status : commands.reported().entrySet()) {
        out.parameterStatus(status.getKey(), status.getValue());
      }
      out.backendKeyData(processId, secret);
      out.readyForQuery(commands.status());
      return true;
    }
  }

  private void authenticate(String user) throws IOException, ProtocolException {
    PasswordFile passwords = host.passwords();
    if (passwords == null) {
      return; // trust: the server listens on a loopback address only
    }
    ScramExchange scram = new ScramExchange(passwords.verifier(user));
    out.saslMechanisms();
    out.out.flush();
    MessageReader.Message initial = expectPasswordMessage();
    String mechanism = initial.readCString();
    if (!mechanism.equals("SCRAM-SHA-256")) {
      throw new ProtocolException("28000", "unsupported SASL mechanism '" + mechanism + "': use SCRAM-SHA-256");
    }
    int length = initial.readInt32();
    String clientFirst = new String(initial.readBytes(length), StandardCharsets.UTF_8);
    out.authentication(Backend.AUTH_SASL_CONTINUE, scram.serverFirst(clientFirst).getBytes(StandardCharsets.UTF_8));
    out.out.flush();
    MessageReader.Message response = expectPasswordMessage();
    String serverFinal = scram.serverFinal(new String(response.readBytes(response.remaining()), StandardCharsets.UTF_8));
    if (serverFinal == null) {
      throw new ProtocolException("28P01", "password authentication failed for user \"" + user + "\"");
    }
    out.authentication(Backend.AUTH_SASL_FINAL, serverFinal.getBytes(StandardCharsets.UTF_8));
  }

  private MessageReader.Message expectPasswordMessage() throws IOException, ProtocolException {
    MessageReader.Message m = in.read();
    if (m == null) {
      throw MessageReader.closed();
    }
    if (m.type != 'p') {
      throw new ProtocolException("expected a password message during authentication, got '" + m.type + "'");
    }
    return m;
  }

  /** The message loop after start-up. */
  private void serve() throws IOException, ProtocolException {
    while (true) {
      idle = in.available() == 0;
      MessageReader.Message m = in.read();
      idle = false;
      if (m == null || m.type == 'X') {
        return;
      }
      if (skipUntilSync && m.type != 'S') {
        continue;
      }
      switch (m.type) {
        case 'Q': simpleQuery(m.readCString()); break;
        case 'P': extended(() -> parse(m)); break;
        case 'B': extended(() -> bind(m)); break;
        case 'D': extended(() -> describe(m)); break;
        case 'E': extended(() -> execute(m)); break;
        case 'C': extended(() -> close(m)); break;
        case 'H': out.out.flush(); break;
        case 'S':
          skipUntilSync = false;
          closePortal("");
          readyForQuery();
          break;
        case 'F':
          extended(() -> {
            throw new SQLException("function calls (the FunctionCall message) are not supported", "0A000");
          });
          break;
        case 'd':
        case 'c':
        case 'f':
          break; // COPY data outside COPY: PostgreSQL ignores it too
        default:
          throw new ProtocolException("invalid frontend message type '" + m.type + "' (" + (int) m.type + ")");
      }
    }
  }

  /** A step of the extended protocol: an SQL error is sent and the rest until Sync is skipped. */
  private interface Step {
    void run() throws IOException, ProtocolException, SQLException;
  }

  private void extended(Step step) throws IOException, ProtocolException {
    extendedText = null;
    try {
      step.run();
    } catch (SQLException e) {
      sendError(e, extendedText, 0);
      skipUntilSync = true;
    } catch (ProtocolException e) {
      if (e.sqlState().equals(ProtocolException.PROTOCOL_VIOLATION)) {
        throw e;
      }
      sendError(new SQLException(e.getMessage(), e.sqlState()), null, 0);
      skipUntilSync = true;
    }
  }

  private void simpleQuery(String text) throws IOException {
    List<StatementText> parts;
    try {
      parts = ScriptSplitter.split(text);
    } catch (RuntimeException e) {
      sendError(new SQLException(e.getMessage(), "42601", e), text, 0);
      readyForQuery();
      return;
    }
    if (parts.isEmpty()) {
      out.emptyQueryResponse();
    }
    for (StatementText part : parts) {
      try (Execution execution = start(part.text(), null)) {
        sendNotices(execution);
        if (execution.rows != null) {
          out.rowDescription(execution.rows, null);
        }
        sendRows(execution, null, 0);
      } catch (SQLException e) {
        sendError(e, part.text(), part.offset());
        break;
      }
    }
    readyForQuery();
  }

  /** Runs one statement: the server's own commands and catalog queries, else Sluice through JDBC. */
  private Execution start(String text, ParsedStatement prepared) throws SQLException {
    if (cancelled()) {
      throw new SQLException("canceling statement due to user request", "57014");
    }
    String sql = LiteralCasts.rewrite(text);
    Execution own = UserCommands.handle(sql, host.passwords(), commands.user(), socket.getInetAddress().isLoopbackAddress());
    if (own == null && (own = commands.handle(sql)) != null && commands.status() == 'I') {
      cursors.transactionEnded();
    }
    if (own == null) {
      ParsedStatement declaring = prepared != null && prepared.jdbc != null ? prepared : null;
      own = cursors.handle(sql, commands.status() != 'I',
          query -> declaring == null ? start(query, null) : runBound(declaring));
    }
    if (own == null) {
      own = catalog.answer(sql, prepared == null ? List.of() : prepared.textParameters(), session,
          commands.database());
    }
    if (own != null) {
      return own;
    }
    if (prepared != null && prepared.jdbc == null) {
      prepared = null; // no parameters: run as it is
    }
    Statement statement = prepared != null ? prepared.jdbc : session.createStatement();
    running = statement;
    try {
      boolean rows = prepared != null ? prepared.jdbc.execute() : statement.execute(sql);
      if (rows) {
        return Execution.rows(ResultRows.of(statement.getResultSet(), sql), CommandTags.verb(sql), statement.getWarnings(),
            statement);
      }
      commands.changed();
      Execution done = Execution.command(CommandTags.of(sql, statement.getLargeUpdateCount()), statement.getWarnings());
      if (prepared == null) {
        statement.close();
      }
      return done;
    } catch (SQLException | RuntimeException e) {
      if (prepared == null) {
        statement.close();
      }
      throw e;
    } finally {
      running = null;
    }
  }

  /** Runs a DECLARE's query with the parameters bound to it, on a statement of its own that the cursor keeps. */
  private Execution runBound(ParsedStatement declaring) throws SQLException {
    java.sql.PreparedStatement query = declaring.prepareBound(session);
    running = query;
    try {
      if (!query.execute()) {
        java.sql.SQLWarning warnings = query.getWarnings();
        query.close();
        return Execution.command("SELECT 0", warnings); // refused by the cursor: it needs rows
      }
      return Execution.ownPrepared(ResultRows.of(query.getResultSet(), declaring.preparedText()), "SELECT",
          query.getWarnings(), query);
    } catch (SQLException | RuntimeException e) {
      query.close();
      throw e;
    } finally {
      running = null;
    }
  }

  /**
   * Sends rows until the end or {@code maxRows} (0: no limit); returns whether all were sent
   * (CommandComplete then went out) or the portal is suspended. The socket is flushed whenever the
   * rows computed so far are sent, so a SELECT over a stream reaches the client batch by batch.
   */
  private boolean sendRows(Execution execution, short[] formats, long maxRows) throws IOException, SQLException {
    if (execution.rows == null) {
      out.commandComplete(execution.tag);
      return true;
    }
    ResultRows rows = execution.rows;
    long sent = 0;
    running = execution.statement();
    try {
      while (maxRows <= 0 || sent < maxRows) {
        if (!rows.ready()) {
          out.out.flush();
          awaitRowsOrHangUp(rows);
        }
        if (!rows.next()) {
          out.commandComplete(execution.completionTag());
          return true;
        }
        out.dataRow(rows, formats);
        sent++;
        execution.rowsSent++;
      }
    } finally {
      running = null;
    }
    out.portalSuspended();
    return false;
  }

  /**
   * Waits for a stream's next rows while watching the client: a client that hangs up while a
   * SELECT over a stream waits for its next batch ends the query now, not when the next batch
   * comes (which may be never). Only a silent client can be watched (reading ahead would take
   * its next message), so with a message already pending this returns and the read waits.
   */
  private void awaitRowsOrHangUp(ResultRows rows) throws IOException {
    while (!rows.ready()) {
      if (cancelled()) {
        cancelQuietly(running); // again: the request may have come before the statement ran, or before it was known
        return;
      }
      switch (in.peek(socket, HANG_UP_CHECK_MILLIS)) {
        case CLOSED: throw MessageReader.closed();
        case PENDING: return;
        default: break; // nothing within the wait: look at the rows again
      }
    }
  }

  private void sendNotices(Execution execution) throws IOException {
    for (java.sql.SQLWarning w = execution.warnings; w != null; w = w.getNextWarning()) {
      out.notice(w.getSQLState() == null ? "01000" : w.getSQLState(), w.getMessage());
    }
  }

  private void sendError(SQLException e, String statementText, int offset) throws IOException {
    commands.failed();
    int position = ErrorPositions.position(e, statementText, offset);
    String message = String.valueOf(e.getMessage());
    if (position > 0 && message.indexOf('\n') > 0) {
      message = message.substring(0, message.indexOf('\n')); // the client draws the statement and caret itself
    }
    out.error(SqlStates.of(e), message, position);
  }

  private void parse(MessageReader.Message m) throws ProtocolException, SQLException, IOException {
    String name = m.readCString();
    String text = m.readCString();
    int count = m.readInt16();
    if (count < 0) {
      throw new ProtocolException("negative parameter count in Parse");
    }
    extendedText = text;
    int[] declared = new int[count];
    for (int i = 0; i < count; i++) {
      declared[i] = m.readInt32();
    }
    if (!name.isEmpty() && statements.containsKey(name)) {
      throw new SQLException("prepared statement \"" + name + "\" already exists", "42P05");
    }
    ParsedStatement previous = statements.put(name, ParsedStatement.parse(text, declared, session, catalog));
    if (previous != null) {
      previous.close();
    }
    out.parseComplete();
  }

  private void bind(MessageReader.Message m) throws ProtocolException, SQLException, IOException {
    String portalName = m.readCString();
    String statementName = m.readCString();
    short[] parameterFormats = readFormats(m);
    int count = m.readInt16();
    byte[][] values = new byte[Math.max(count, 0)][];
    for (int i = 0; i < count; i++) {
      int length = m.readInt32();
      values[i] = length < 0 ? null : m.readBytes(length);
    }
    short[] resultFormats = readFormats(m);
    ParsedStatement statement = statement(statementName);
    statement.bind(values, parameterFormats);
    closePortal(portalName);
    portals.put(portalName, new Portal(statement, resultFormats));
    out.bindComplete();
  }

  private static short[] readFormats(MessageReader.Message m) throws ProtocolException {
    int count = m.readInt16();
    if (count < 0) {
      throw new ProtocolException("negative format count");
    }
    short[] formats = new short[count];
    for (int i = 0; i < count; i++) {
      formats[i] = (short) m.readInt16();
      if (formats[i] != 0 && formats[i] != 1) {
        throw new ProtocolException("unsupported format code " + formats[i]);
      }
    }
    return formats;
  }

  private void describe(MessageReader.Message m) throws ProtocolException, SQLException, IOException {
    byte kind = m.readByte();
    String name = m.readCString();
    if (kind == 'S') {
      ParsedStatement statement = statement(name);
      out.parameterDescription(statement.parameterOids());
      java.sql.ResultSetMetaData columns = statement.jdbc == null || statement.declaresCursor ? null
          : statement.jdbc.getMetaData(); // a DECLARE returns no rows itself, its FETCHes do
      if (columns != null) {
        out.rowDescription(ResultRows.JdbcRows.describing(columns, statement.text), null);
      } else if (statement.jdbc != null || statement.declaresCursor || !describeQuery(statement)) {
        out.noData(); // no rows (or a query that fails: its Execute says why)
      }
    } else if (kind == 'P') {
      Portal portal = portal(name);
      Execution execution = portalExecution(portal);
      if (execution.rows == null) {
        out.noData();
      } else {
        out.rowDescription(execution.rows, portal.resultFormats);
      }
    } else {
      throw new ProtocolException("invalid Describe kind '" + (char) kind + "'");
    }
  }

  /**
   * Describes a query without parameters before it runs, as PostgreSQL does (pgx prepares a statement
   * and asks binary results by the column types this gives): a catalog query from its answer, a
   * query of Sluice's from its plan. False when the statement returns no rows or does not plan.
   */
  private boolean describeQuery(ParsedStatement statement) throws SQLException, IOException {
    String sql = LiteralCasts.rewrite(statement.text);
    if (!QUERY.matcher(sql).lookingAt()) {
      return false;
    }
    try (Execution answer = catalog.answer(sql, List.of(), session, commands.database())) {
      if (answer != null) {
        if (answer.rows == null) {
          return false;
        }
        out.rowDescription(answer.rows, null);
        return true;
      }
    }
    try (java.sql.PreparedStatement planned = session.prepareStatement(sql)) {
      java.sql.ResultSetMetaData columns = planned.getMetaData();
      if (columns == null) {
        return false;
      }
      out.rowDescription(ResultRows.JdbcRows.describing(columns, statement.text), null);
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  private Execution portalExecution(Portal portal) throws SQLException, IOException {
    extendedText = portal.statement.text;
    if (portal.execution == null) {
      portal.execution = start(portal.statement.text, portal.statement);
      sendNotices(portal.execution);
    }
    return portal.execution;
  }

  private void execute(MessageReader.Message m) throws ProtocolException, SQLException, IOException {
    String name = m.readCString();
    int maxRows = m.readInt32();
    Portal portal = portal(name);
    if (portal.statement.text.isBlank()) {
      out.emptyQueryResponse();
      return;
    }
    if (portal.done) {
      out.commandComplete(portal.execution.completionTag());
      return;
    }
    try {
      portal.done = sendRows(portalExecution(portal), portal.resultFormats, maxRows);
    } catch (SQLException e) {
      portal.done = true;
      throw e;
    }
  }

  private ParsedStatement statement(String name) throws SQLException {
    ParsedStatement statement = statements.get(name);
    if (statement == null) {
      throw new SQLException("prepared statement \"" + name + "\" does not exist", "26000");
    }
    return statement;
  }

  private Portal portal(String name) throws SQLException {
    Portal portal = portals.get(name);
    if (portal == null) {
      throw new SQLException("portal \"" + name + "\" does not exist", "34000");
    }
    return portal;
  }

  private void close(MessageReader.Message m) throws ProtocolException, SQLException, IOException {
    byte kind = m.readByte();
    String name = m.readCString();
    if (kind == 'S') {
      ParsedStatement statement = statements.remove(name);
      if (statement != null) {
        statement.close();
      }
    } else if (kind == 'P') {
      closePortal(name);
    } else {
      throw new ProtocolException("invalid Close kind '" + (char) kind + "'");
    }
    out.closeComplete();
  }

  private void closePortal(String name) {
    Portal portal = portals.remove(name);
    if (portal != null && portal.execution != null) {
      try {
        portal.execution.close();
      } catch (SQLException e) {
        // closing a finished result
      }
    }
  }

  private void closeSession() {
    try {
      cursors.close();
    } catch (SQLException e) {
      // the connection is going anyway
    }
    for (String name : new ArrayList<>(portals.keySet())) {
      closePortal(name);
    }
    for (ParsedStatement statement : statements.values()) {
      statement.close();
    }
    statements.clear();
    if (session != null) {
      try {
        session.close();
      } catch (SQLException e) {
        // the connection is going anyway
      }
    }
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private static void quietly(IoAction action) {
    try {
      action.run();
    } catch (IOException ignored) {
      // the client is gone
    }
  }

  /** A bound statement and, once it ran, its execution. */
  private static final class Portal {
    final ParsedStatement statement;
    final short[] resultFormats;
    Execution execution;
    boolean done;

    Portal(ParsedStatement statement, short[] resultFormats) {
      this.statement = statement;
      this.resultFormats = resultFormats;
    }
  }
}
