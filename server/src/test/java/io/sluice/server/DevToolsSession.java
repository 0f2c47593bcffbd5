package io.sluice.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A session of the Chrome DevTools protocol over the JDK's own WebSocket client: commands with
 * their answers (each awaited at most 30 s), and every event the browser sent, kept in order.
 */
final class DevToolsSession implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WebSocket socket;
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<JsonNode> events = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();

  private DevToolsSession(WebSocket.Builder builder, URI uri) throws Exception {
    this.socket = builder.buildAsync(uri, new Listener()).get(30, TimeUnit.SECONDS);
  }

  static DevToolsSession connect(URI uri) throws Exception {
    return new DevToolsSession(HttpClient.newHttpClient().newWebSocketBuilder(), uri);
  }

  /** Sends a command and returns its result; an error answer fails the test with the browser's message. */
  JsonNode send(String method, Map<String, Object> params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    ObjectNode command = JSON.createObjectNode().put("id", id).put("method", method);
    command.set("params", JSON.valueToTree(params));
    socket.sendText(JSON.writeValueAsString(command), true).get(30, TimeUnit.SECONDS);
    JsonNode reply = answer.get(30, TimeUnit.SECONDS);
    if (reply.has("error")) {
      throw new AssertionError(method + " failed: " + reply.get("error"));
    }
    return reply.get("result");
  }

  /** Evaluates a JavaScript expression in the page and returns its value (by value: JSON-able results). */
  JsonNode evaluate(String expression) throws Exception {
    JsonNode result = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
    if (result.has("exceptionDetails")) {
      throw new AssertionError("evaluating " + expression + " threw: " + result.get("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  /** Every event received so far, oldest first. */
  List<JsonNode> events() {
    return List.copyOf(events);
  }

  @Override
  public void close() {
    socket.abort();
  }

  /** Joins the frames of each message, then routes it: an answer to its command, an event to the list. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder message = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      message.append(data);
      if (last) {
        try {
          JsonNode node = JSON.readTree(message.toString());
          if (node.has("id")) {
            CompletableFuture<JsonNode> answer = pending.remove(node.get("id").asInt());
            if (answer != null) {
              answer.complete(node);
            }
          } else {
            events.add(node);
          }
        } catch (Exception e) {
          pending.values().forEach(p -> p.completeExceptionally(e));
        }
        message.setLength(0);
      }
      webSocket.request(1);
      return null;
    }
  }
}
