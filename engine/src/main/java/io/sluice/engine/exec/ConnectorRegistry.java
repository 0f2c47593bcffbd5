package io.sluice.engine.exec;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.NameMatcher;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.connector.ConnectorFactory;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The connectors on the class path, by the value of the {@code connector} option. */
public final class ConnectorRegistry {
  private static final Map<String, ConnectorFactory> FACTORIES = load();

  private ConnectorRegistry() {}

  private static Map<String, ConnectorFactory> load() {
    Map<String, ConnectorFactory> map = new TreeMap<>();
    for (ConnectorFactory f : ServiceLoader.load(ConnectorFactory.class, ConnectorRegistry.class.getClassLoader())) {
      map.put(f.name().toLowerCase(Locale.ROOT), f);
    }
    return map;
  }

  public static ConnectorFactory get(String name) {
    ConnectorFactory f = FACTORIES.get(name.toLowerCase(Locale.ROOT));
    if (f == null) {
      throw new SluiceException(ErrorCode.INVALID_OPTION, "Unknown connector '" + name + "'."
          + NameMatcher.hint(name, FACTORIES.keySet()) + " Available: " + String.join(", ", FACTORIES.keySet()));
    }
    return f;
  }
}
