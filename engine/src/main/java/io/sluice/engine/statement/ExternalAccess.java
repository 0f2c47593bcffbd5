package io.sluice.engine.statement;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A session's reach outside the engine: {@code SET 'security.external-access' = 'off'} confines
 * every file, URI and connector a statement names to the folders of
 * {@code 'security.allowed-paths'}, and cannot be undone in the session. A path is resolved before
 * it is compared (made absolute against the working folder, each symbolic link followed, each
 * {@code ..} taken after the link before it), so no spelling leads out of an allowed folder.
 */
public final class ExternalAccess {
  public static final String ACCESS_KEY = "security.external-access";
  public static final String PATHS_KEY = "security.allowed-paths";
  /** Connectors that read or write nothing outside the process, or only what {@link #PATH_OPTION} names. */
  private static final Set<String> LOCAL_CONNECTORS = Set.of("memory", "datagen", "nexmark", "console", "blackhole");
  private static final String FILES_CONNECTOR = "files";
  private static final String PATH_OPTION = "path";

  private boolean enabled = true;
  private String allowedText = "";
  private List<Path> allowed = List.of();

  public static boolean isKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.equals(ACCESS_KEY) || k.equals(PATHS_KEY);
  }

  public boolean enabled() {
    return enabled;
  }

  /** Applies a SET of one of the two keys. */
  public String set(String key, String value) {
    String k = key.toLowerCase(Locale.ROOT);
    if (k.equals(ACCESS_KEY)) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      if (!v.equals("on") && !v.equals("off")) {
        throw new SluiceException(ErrorCode.INVALID_OPTION,
            "Option '" + ACCESS_KEY + "' takes 'on' or 'off', not '" + value + "'");
      }
      if (v.equals("on") && !enabled) {
        throw locked(ACCESS_KEY);
      }
      enabled = v.equals("on");
      return v;
    }
    if (!enabled) {
      if (value.equals(allowedText)) {
        return value; // the same again (a database folder's saved settings, say)
      }
      throw locked(PATHS_KEY);
    }
    List<Path> paths = new ArrayList<>();
    for (String part : value.split(",")) {
      if (!part.isBlank()) {
        paths.add(resolve(part.trim(), PATHS_KEY));
      }
    }
    allowed = List.copyOf(paths);
    allowedText = value;
    return value;
  }

  /** A RESET of the key (null: RESET ALL); refused once access is off. */
  public void reset(String key) {
    if (!enabled && (key == null || isKey(key))) {
      if (key == null) {
        return; // RESET ALL resets the other options and leaves these as they are
      }
      throw locked(key.toLowerCase(Locale.ROOT));
    }
    if (key == null || key.equalsIgnoreCase(PATHS_KEY)) {
      allowed = List.of();
      allowedText = "";
    }
  }

  /**
   * Whether a table, source or sink stays within the allowed folders: planning reads the
   * statistics (Parquet footers) only of those, and {@link #checkDefinition} refuses the others.
   */
  boolean mayReach(TableDefinition definition) {
    if (enabled) {
      return true;
    }
    try {
      checkDefinition(definition);
      return true;
    } catch (SluiceException e) {
      return false;
    }
  }

  /** Refuses a table, source or sink whose connector or path reaches outside the allowed folders. */
  void checkDefinition(TableDefinition definition) {
    if (enabled) {
      return;
    }
    String connector = null;
    String path = null;
    for (Map.Entry<String, String> option : definition.options().entrySet()) {
      if (option.getKey().equalsIgnoreCase("connector")) {
        connector = option.getValue().trim().toLowerCase(Locale.ROOT);
      } else if (option.getKey().equalsIgnoreCase(PATH_OPTION)) {
        path = option.getValue();
      }
    }
    if (connector == null || LOCAL_CONNECTORS.contains(connector)) {
      return;
    }
    String what = definition.kind().label().toLowerCase(Locale.ROOT) + " '" + definition.name() + "'";
    if (!connector.equals(FILES_CONNECTOR)) {
      throw new SluiceException(ErrorCode.ACCESS_DENIED, "Connector '" + connector + "' of " + what
          + " is refused: '" + ACCESS_KEY + "' is off, which allows only the connectors "
          + String.join(", ", new java.util.TreeSet<>(LOCAL_CONNECTORS)) + " and files in '" + PATHS_KEY + "'");
    }
    if (path != null) {
      checkLocation("Option 'path' of " + what, path);
    }
  }

  /**
   * Refuses a path or URI outside the allowed folders; {@code what} says where it comes from, e.g.
   * "Option 'pipeline.checkpoint'".
   */
  void checkLocation(String what, String location) {
    if (enabled) {
      return;
    }
    String scheme = scheme(location);
    String pathText = location;
    if (scheme != null) {
      if (!scheme.equals("file")) {
        throw new SluiceException(ErrorCode.ACCESS_DENIED, what + " names '" + location + "', on file system '"
            + scheme + ":'; only local folders of '" + PATHS_KEY + "' are allowed while '" + ACCESS_KEY + "' is off");
      }
      try {
        java.net.URI uri = new java.net.URI(location);
        if (uri.getAuthority() != null && !uri.getAuthority().isEmpty() && !uri.getAuthority().equals("localhost")) {
          throw new SluiceException(ErrorCode.ACCESS_DENIED, what + " names '" + location + "' on host '"
              + uri.getAuthority() + "'; only local folders are allowed while '" + ACCESS_KEY + "' is off");
        }
        pathText = uri.getPath();
      } catch (java.net.URISyntaxException e) {
        throw new SluiceException(ErrorCode.INVALID_OPTION, what + ": '" + location + "' is not a valid URI");
      }
    }
    // Readers differ in how they take '..': the files connector and checkpoints drop 'x/..' as
    // text first, the operating system applies '..' to where a link led. Both must stay inside.
    Path resolved = resolve(pathText, what);
    Path lexical = resolve(Path.of(pathText).toAbsolutePath().normalize().toString(), what);
    if (inside(resolved) && inside(lexical)) {
      return;
    }
    if (inside(resolved)) {
      resolved = lexical;
    }
    throw new SluiceException(ErrorCode.ACCESS_DENIED, what + " names '" + location + "'"
        + (resolved.toString().equals(location) ? "" : " (" + resolved + ")") + ", which is outside the folders of '"
        + PATHS_KEY + "' (" + (allowed.isEmpty() ? "none" : allowedText.trim()) + "): '" + ACCESS_KEY + "' is off");
  }

  private boolean inside(Path path) {
    for (Path root : allowed) {
      if (path.startsWith(root)) {
        return true;
      }
    }
    return false;
  }

  /** The scheme of a URI such as {@code hdfs://host/x} or {@code file:/x}, lower case; null for a plain path. */
  private static String scheme(String location) {
    int colon = location.indexOf(':');
    // one letter before the colon is a Windows drive, not a scheme
    if (colon < 2 || !location.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
      return null;
    }
    return location.substring(0, colon).toLowerCase(Locale.ROOT);
  }

  /**
   * The path as the file system will take it: absolute against the working folder, with every
   * existing symbolic link followed and each {@code ..} applied to what the link led to.
   */
  static Path resolve(String text, String what) {
    Path path;
    try {
      path = Path.of(text).toAbsolutePath();
    } catch (InvalidPathException e) {
      throw new SluiceException(ErrorCode.INVALID_OPTION, what + ": '" + text + "' is not a valid path (" + e.getReason() + ")");
    }
    Path current = path.getRoot();
    for (Path part : path) {
      String name = part.toString();
      if (name.equals(".")) {
        continue;
      }
      if (name.equals("..")) {
        current = current.getParent() == null ? current : current.getParent();
        continue;
      }
      current = current.resolve(name);
      if (Files.exists(current, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        try {
          current = current.toRealPath();
        } catch (IOException e) {
          // a link to nowhere: what it names does not exist, and the path stays as written
        }
      }
    }
    return current;
  }

  private static SluiceException locked(String key) {
    return new SluiceException(ErrorCode.ACCESS_DENIED, "Option '" + key + "' cannot be changed: '" + ACCESS_KEY
        + "' is off for this session, and stays off until it ends");
  }
}
