package io.sluice.engine.statement;

import io.sluice.engine.result.StatementResult;
import io.sluice.sqlparser.ResetOption;
import io.sluice.sqlparser.SetOption;
import java.util.Locale;
import java.util.Set;

/** {@code SET 'key' = 'value'} and {@code RESET ['key' | ALL]}: the session's options, checked when set. */
final class OptionHandler {
  /** Options that name a file or folder, checked against 'security.allowed-paths' when set and when used. */
  private static final Set<String> LOCATION_OPTIONS = Set.of("pipeline.checkpoint", "pipeline.progress");

  private final SessionContext session;

  OptionHandler(SessionContext session) {
    this.session = session;
  }

  StatementResult set(SetOption set) {
    String value = Options.check(set.key(), set.value());
    if (LOCATION_OPTIONS.contains(set.key().toLowerCase(Locale.ROOT)) && !value.isBlank()) {
      session.externalAccess().checkLocation("Option '" + set.key() + "'", value.trim());
    }
    session.setOption(set.key(), value);
    String port = session.options().get(Options.UI_PORT);
    if (set.key().equalsIgnoreCase(Options.UI_PORT) && !session.checkOnly() && !"off".equals(port)) {
      return StatementResult.ok("Set " + set.key() + " = '" + set.value() + "': web page on http://127.0.0.1:" + port
          + "/");
    }
    return StatementResult.ok("Set " + set.key() + " = '" + set.value() + "'");
  }

  StatementResult reset(ResetOption reset) {
    String key = reset.key();
    session.resetOption(key);
    return StatementResult.ok(key == null ? "All options reset" : "Reset " + key);
  }
}
