package io.quarentena.connectors.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * Collects what a user could see — log output, exception messages and stack traces, {@code
 * toString()} of the objects involved — and asserts that no secret value appears in it, raw,
 * URL-encoded or Base64-encoded.
 *
 * <pre>{@code
 * Leaks seen = new Leaks();
 * seen.add(source);                       // its toString()
 * seen.add(catchThrowable(() -> source.fetch(request)));
 * seen.assertNoneOf(List.of(PASSWORD), logs);
 * }</pre>
 */
public final class Leaks {
  private final StringBuilder seen = new StringBuilder();
  private final List<Throwable> failures = new ArrayList<>();

  /**
   * Adds an object's {@code toString()}, or a throwable's full stack trace (causes included).
   *
   * @param o the object, may be {@code null}
   * @return this
   */
  public Leaks add(Object o) {
    if (o instanceof Throwable t) {
      failures.add(t);
      StringWriter w = new StringWriter();
      t.printStackTrace(new PrintWriter(w));
      seen.append(w).append('\n');
    } else {
      seen.append(o).append('\n');
    }
    return this;
  }

  /**
   * The throwables added so far.
   *
   * @return the failures, in order
   */
  public List<Throwable> failures() {
    return failures;
  }

  /**
   * Asserts that no secret appears in what was added nor in the captured logs.
   *
   * @param secrets the secret values
   * @param logs the capture of the same run
   */
  public void assertNoneOf(Collection<String> secrets, LogCapture logs) {
    String logged = logs.text();
    String other = seen.toString();
    for (String secret : secrets) {
      for (String form : forms(secret)) {
        assertThat(logged).as("log output contains a form of a secret").doesNotContain(form);
        assertThat(other)
            .as("an exception or toString() contains a form of a secret")
            .doesNotContain(form);
      }
    }
  }

  private static List<String> forms(String secret) {
    return List.of(
        secret,
        URLEncoder.encode(secret, StandardCharsets.UTF_8),
        Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
  }
}
