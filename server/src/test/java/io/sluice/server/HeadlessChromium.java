package io.sluice.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Chromium (Debian's {@code chromium}, which .ci/run installs) started headless with its
 * DevTools port open; {@link #openPage} gives the DevTools session of its one page. Closing it kills
 * the browser and its child processes and removes its profile folder.
 */
final class HeadlessChromium implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

  private final Process process;
  private final Path profile;
  private final int port;

  private HeadlessChromium(Process process, Path profile, int port) {
    this.process = process;
    this.profile = profile;
    this.port = port;
  }

  /** Starts the browser on about:blank with a window of width x height; waits at most 30 s for its DevTools port. */
  static HeadlessChromium start(int width, int height) throws Exception {
    Path profile = Files.createTempDirectory("sluice-chromium");
    List<String> command = List.of("chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--remote-debugging-port=0",
        "--remote-allow-origins=*", "--user-data-dir=" + profile, "--window-size=" + width + "," + height,
        "about:blank");
    Process process;
    try {
      process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      delete(profile);
      throw new AssertionError("chromium is needed by this test (.ci/run installs it): " + e.getMessage(), e);
    }
    HeadlessChromium browser = null;
    try {
      CompletableFuture<String> url = CompletableFuture.supplyAsync(() -> devToolsUrl(process));
      String ws = url.get(30, TimeUnit.SECONDS);
      browser = new HeadlessChromium(process, profile, URI.create(ws).getPort());
      return browser;
    } finally {
      if (browser == null) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        delete(profile);
      }
    }
  }

  /** Reads the browser's standard error until it says where DevTools listens; the rest is drained. */
  private static String devToolsUrl(Process process) {
    BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    try {
      for (String line; (line = err.readLine()) != null; ) {
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          Thread drain = new Thread(() -> {
            try {
              err.transferTo(java.io.Writer.nullWriter());
            } catch (IOException ignored) {
              // the browser went away
            }
          }, "chromium-stderr");
          drain.setDaemon(true);
          drain.start();
          return m.group(1);
        }
      }
      throw new IllegalStateException("chromium ended without opening its DevTools port (status "
          + process.waitFor() + ")");
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("reading chromium's output failed", e);
    }
  }

  /** The DevTools session of the browser's page (the about:blank it started with). */
  DevToolsSession openPage() throws Exception {
    HttpResponse<String> targets = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
            .timeout(java.time.Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    Matcher m = Pattern.compile("\"type\"\\s*:\\s*\"page\"[^}]*?\"webSocketDebuggerUrl\"\\s*:\\s*\"([^\"]+)\"")
        .matcher(targets.body());
    if (!m.find()) {
      throw new AssertionError("chromium lists no page: " + targets.body());
    }
    return DevToolsSession.connect(URI.create(m.group(1)));
  }

  @Override
  public void close() throws Exception {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
    delete(profile);
  }

  private static void delete(Path folder) throws IOException {
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
