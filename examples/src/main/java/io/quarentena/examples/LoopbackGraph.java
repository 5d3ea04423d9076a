package io.quarentena.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small HTTP server on 127.0.0.1 that answers the calls the SharePoint connector makes, the way
 * the Microsoft identity platform and Graph answer them: a client-credentials token for the right
 * client secret only, the site lookup, a drive item's metadata by path, and {@code /content}
 * answering {@code 302} to a pre-authenticated download URL that must be fetched without the token.
 * It stands in for SharePoint Online in {@link ConnectorsDemo}; it is not a Graph implementation.
 */
final class LoopbackGraph implements AutoCloseable {
  static final String TENANT = "contoso-demo-tenant";
  static final String CLIENT_ID = "quarentena-demo-app";
  static final String HOST = "contoso.sharepoint.com";
  static final String SITE = "sites/crm";
  private static final String SITE_ID = HOST + ",6f1c2a3e-0000-4000-8000-000000000001,crm";

  private final HttpServer server;
  private final String clientSecret;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>(); // path in the library
  private final Map<String, String> downloads = new ConcurrentHashMap<>(); // one-time ids
  private final Map<String, Boolean> tokens = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  LoopbackGraph(String clientSecret) throws IOException {
    this.clientSecret = clientSecret;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The server's base URL, {@code http://127.0.0.1:port}. */
  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Puts a file in the site's default document library, at {@code path} (no leading slash). */
  void put(String path, byte[] content) {
    files.put(path, content.clone());
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      if (path.equals("/" + TENANT + "/oauth2/v2.0/token")) {
        token(ex);
      } else if (path.startsWith("/download/")) {
        download(ex, path.substring("/download/".length()));
      } else if (!tokens.containsKey(bearer(ex))) {
        json(ex, 401, "{\"error\":{\"code\":\"InvalidAuthenticationToken\"}}");
      } else if (path.equals("/v1.0/sites/" + HOST + ":/" + SITE)) {
        json(ex, 200, "{\"id\":\"" + SITE_ID + "\",\"name\":\"crm\"}");
      } else if (path.startsWith(drive() + "/root:/")) {
        item(ex, decode(path.substring((drive() + "/root:/").length())));
      } else if (path.startsWith(drive() + "/items/") && path.endsWith("/content")) {
        String id = path.substring((drive() + "/items/").length(), path.length() - 8);
        String file = new String(HexFormat.of().parseHex(id), StandardCharsets.UTF_8);
        String once = randomHex(12);
        downloads.put(once, file);
        ex.getResponseHeaders().add("Location", base() + "/download/" + once + "?tempauth=demo");
        ex.sendResponseHeaders(302, -1);
      } else {
        json(ex, 400, "{\"error\":{\"code\":\"invalidRequest\"}}");
      }
    }
  }

  private static String drive() {
    return "/v1.0/sites/" + SITE_ID + "/drive";
  }

  private void token(HttpExchange ex) throws IOException {
    Map<String, String> form = new HashMap<>();
    try (InputStream in = ex.getRequestBody()) {
      for (String pair : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("&")) {
        String[] kv = pair.split("=", 2);
        form.put(kv[0], kv.length > 1 ? decode(kv[1]) : "");
      }
    }
    if (!"client_credentials".equals(form.get("grant_type"))
        || !CLIENT_ID.equals(form.get("client_id"))
        || !MessageDigest.isEqual(
            clientSecret.getBytes(StandardCharsets.UTF_8),
            form.getOrDefault("client_secret", "").getBytes(StandardCharsets.UTF_8))) {
      json(
          ex,
          401,
          "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client"
              + " secret provided.\"}");
      return;
    }
    String token = randomHex(24);
    tokens.put(token, Boolean.TRUE);
    json(
        ex,
        200,
        "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"" + token + "\"}");
  }

  private void item(HttpExchange ex, String file) throws IOException {
    byte[] content = files.get(file);
    if (content == null) {
      json(ex, 404, "{\"error\":{\"code\":\"itemNotFound\"}}");
      return;
    }
    String id = HexFormat.of().formatHex(file.getBytes(StandardCharsets.UTF_8));
    json(
        ex,
        200,
        "{\"id\":\""
            + id
            + "\",\"size\":"
            + content.length
            + ",\"lastModifiedDateTime\":\"2024-05-28T06:00:00Z\","
            + "\"file\":{\"mimeType\":\"application/vnd.openxmlformats-officedocument"
            + ".spreadsheetml.sheet\"}}");
  }

  private void download(HttpExchange ex, String once) throws IOException {
    // The pre-authenticated URL works once, and the connector must not send its token here.
    String file = downloads.remove(once);
    if (file == null || ex.getRequestHeaders().containsKey("Authorization")) {
      ex.sendResponseHeaders(401, -1);
      return;
    }
    byte[] content = files.get(file);
    ex.sendResponseHeaders(200, content.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(content);
    }
  }

  private String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static String bearer(HttpExchange ex) {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    return auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : "";
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static void json(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
