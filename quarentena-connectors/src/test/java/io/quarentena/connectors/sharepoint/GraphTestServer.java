package io.quarentena.connectors.sharepoint;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server on 127.0.0.1 that answers like the Microsoft identity platform and Graph: the
 * client-credentials token endpoint, the site lookup, drive-item metadata by path, and {@code
 * /content} answering 302 to a pre-authenticated download URL. Tests queue faults (429 with
 * Retry-After, 401, 403, 503) per route, and downloads that are cut or stall half-way.
 */
final class GraphTestServer implements AutoCloseable {
  static final String TENANT = "contoso-tenant";
  static final String CLIENT_ID = "app-1234";
  static final String CLIENT_SECRET = "graph-Cl1ent~Secret";
  static final String HOST = "contoso.sharepoint.com";
  static final String SITE_ID = "contoso.sharepoint.com,1111,2222";

  /** A canned answer. */
  record Fault(int status, Map<String, String> headers, String body) {}

  final Map<String, byte[]> files = new HashMap<>(); // path in the drive -> content
  final AtomicInteger tokensIssued = new AtomicInteger();
  final AtomicInteger siteLookups = new AtomicInteger();
  final List<String> downloadAuthorizations = new CopyOnWriteArrayList<>();
  final List<String> seenTokens = new CopyOnWriteArrayList<>();
  final Map<String, Deque<Fault>> faults = new HashMap<>();
  volatile int expiresIn = 3599;

  /** The next this many downloads announce the whole size, send half and close the connection. */
  final AtomicInteger cutDownloads = new AtomicInteger();

  /** Every download sends half of the file, then goes silent until the server is closed. */
  volatile boolean stallDownloads;

  private final CountDownLatch closed = new CountDownLatch(1);
  private final ExecutorService handlers =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "graph-test-server");
            t.setDaemon(true);
            return t;
          });
  private final HttpServer server;

  GraphTestServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(handlers); // a stalled download must not hold up the other requests
    server.start();
  }

  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  Map<String, String> options() {
    Map<String, String> o = new HashMap<>();
    o.put("tenantId", TENANT);
    o.put("clientId", CLIENT_ID);
    o.put("clientSecret", "env:GRAPH_SECRET");
    o.put("graphEndpoint", base() + "/v1.0");
    o.put("authorityEndpoint", base());
    o.put("allowInsecureLoopbackHttp", "true");
    o.put("retryBackoff", "1s");
    return o;
  }

  synchronized void fault(String route, int status, Map<String, String> headers, String body) {
    faults.computeIfAbsent(route, r -> new ArrayDeque<>()).add(new Fault(status, headers, body));
  }

  private synchronized Fault nextFault(String route) {
    Deque<Fault> q = faults.get(route);
    return q == null ? null : q.poll();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      if (path.equals("/" + TENANT + "/oauth2/v2.0/token")) {
        token(ex);
        return;
      }
      if (path.startsWith("/download/")) {
        downloadAuthorizations.add(
            String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
        if (!answerFault(ex, "download")) {
          byte[] content = files.get(URLDecoder.decode(path.substring(10), StandardCharsets.UTF_8));
          if (content != null
              && (stallDownloads || cutDownloads.getAndUpdate(n -> Math.max(0, n - 1)) > 0)) {
            half(ex, content, stallDownloads);
            return;
          }
          send(ex, content == null ? 404 : 200, Map.of(), content == null ? new byte[0] : content);
        }
        return;
      }
      String auth = String.valueOf(ex.getRequestHeaders().getFirst("Authorization"));
      seenTokens.add(auth);
      if (!auth.startsWith("Bearer tok-")) {
        json(ex, 401, "{\"error\":{\"code\":\"InvalidAuthenticationToken\"}}");
        return;
      }
      String sitePrefix = "/v1.0/sites/" + SITE_ID + "/drive";
      if (path.equals("/v1.0/sites/" + HOST + ":/sites/crm")) {
        siteLookups.incrementAndGet();
        if (!answerFault(ex, "site")) {
          json(ex, 200, "{\"id\":\"" + SITE_ID + "\",\"name\":\"crm\"}");
        }
      } else if (path.startsWith(sitePrefix + "/root:/")) {
        if (answerFault(ex, "item")) {
          return;
        }
        String file =
            URLDecoder.decode(
                path.substring((sitePrefix + "/root:/").length()), StandardCharsets.UTF_8);
        byte[] content = files.get(file);
        if (content == null) {
          json(ex, 404, "{\"error\":{\"code\":\"itemNotFound\"}}");
        } else {
          json(
              ex,
              200,
              "{\"id\":\"ITEM-"
                  + idOf(file)
                  + "\",\"name\":\"x\",\"size\":"
                  + content.length
                  + ",\"lastModifiedDateTime\":\"2024-05-28T08:30:00Z\","
                  + "\"file\":{\"mimeType\":\"application/octet-stream\","
                  + "\"hashes\":{\"quickXorHash\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAA=\"}}}");
        }
      } else if (path.startsWith(sitePrefix + "/items/") && path.endsWith("/content")) {
        if (answerFault(ex, "content")) {
          return;
        }
        String id = path.substring((sitePrefix + "/items/ITEM-").length(), path.length() - 8);
        String file =
            new String(java.util.Base64.getUrlDecoder().decode(id), StandardCharsets.UTF_8);
        send(
            ex,
            302,
            Map.of("Location", base() + "/download/" + file + "?tempauth=pre-signed"),
            new byte[0]);
      } else {
        json(ex, 400, "{\"error\":{\"code\":\"invalidRequest\",\"path\":\"" + path + "\"}}");
      }
    }
  }

  private static String idOf(String file) {
    return java.util.Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(file.getBytes(StandardCharsets.UTF_8));
  }

  private void token(HttpExchange ex) throws IOException {
    String form;
    try (InputStream in = ex.getRequestBody()) {
      form = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Map<String, String> fields = new HashMap<>();
    for (String pair : form.split("&")) {
      String[] kv = pair.split("=", 2);
      fields.put(kv[0], URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
    }
    if (answerFault(ex, "token")) {
      return;
    }
    if (!"client_credentials".equals(fields.get("grant_type"))
        || !CLIENT_ID.equals(fields.get("client_id"))
        || !CLIENT_SECRET.equals(fields.get("client_secret"))
        || !"https://graph.microsoft.com/.default".equals(fields.get("scope"))) {
      json(
          ex,
          401,
          "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client"
              + " secret provided.\\r\\nTrace ID: 1\"}");
      return;
    }
    int n = tokensIssued.incrementAndGet();
    json(
        ex,
        200,
        "{\"token_type\":\"Bearer\",\"expires_in\":"
            + expiresIn
            + ",\"access_token\":\"tok-"
            + n
            + "\"}");
  }

  private boolean answerFault(HttpExchange ex, String route) throws IOException {
    Fault f = nextFault(route);
    if (f == null) {
      return false;
    }
    send(ex, f.status(), f.headers(), f.body().getBytes(StandardCharsets.UTF_8));
    return true;
  }

  /** Announces the whole file, sends half of it, then stalls (until close) or drops the line. */
  private void half(HttpExchange ex, byte[] content, boolean stall) throws IOException {
    ex.sendResponseHeaders(200, content.length);
    OutputStream out = ex.getResponseBody();
    out.write(content, 0, content.length / 2);
    out.flush();
    if (stall) {
      try {
        closed.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // Closing the exchange with bytes missing makes the server drop the connection.
  }

  private static void json(HttpExchange ex, int status, String body) throws IOException {
    send(
        ex,
        status,
        Map.of("Content-Type", "application/json"),
        body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int status, Map<String, String> headers, byte[] body)
      throws IOException {
    headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    handlers.shutdownNow();
  }
}
