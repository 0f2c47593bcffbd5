package io.sluice.engine.checkpoint;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;

/** Checkpoint locations: a local path or {@code file://} URI is the local disk, any other scheme Hadoop's. */
public final class CheckpointLocations {
  private CheckpointLocations() {}

  /** Opens the checkpoint folder at {@code location}, not as a checkpoint yet. */
  public static CheckpointFileSystem open(String location) throws IOException {
    URI uri = toUri(location);
    if ("file".equals(uri.getScheme())) {
      return new LocalCheckpointFileSystem(java.nio.file.Path.of(uri));
    }
    return HadoopCheckpointFileSystem.open(uri);
  }

  /** The URI of a location given as a URI or a local path (made absolute), ending with a slash: a folder. */
  public static URI toUri(String location) {
    if (location.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
      try {
        URI uri = new URI(location);
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
        return new URI(uri.getScheme(), uri.getAuthority(), path.endsWith("/") ? path : path + "/", null, null);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("'" + location + "' is not a valid URI: " + e.getMessage(), e);
      }
    }
    java.nio.file.Path path = java.nio.file.Path.of(location).toAbsolutePath().normalize();
    URI uri = path.toUri();
    // names inside a folder resolve against it only with the trailing slash
    return uri.getPath().endsWith("/") ? uri : URI.create(uri + "/");
  }
}
