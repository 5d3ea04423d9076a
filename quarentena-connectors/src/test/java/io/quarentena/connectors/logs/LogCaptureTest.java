package io.quarentena.connectors.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The leak tests are only as good as their capture: it must see what they search for. */
class LogCaptureTest {
  private static final Logger OURS = LoggerFactory.getLogger("io.quarentena.connectors.Probe");
  private static final Logger THEIRS = LoggerFactory.getLogger("org.example.Probe");

  @Test
  void seesOurDebugLinesThrowablesAndPrintedTextAndFindsEveryFormOfASecret() {
    try (LogCapture logs = LogCapture.start()) {
      assertThat(OURS.isTraceEnabled()).as("every level of ours while capturing").isTrue();
      OURS.debug("token {}", "raw-S3cret");
      OURS.warn("failed", new IllegalStateException("cause says pass%3Dword"));
      THEIRS.info("printed by a library at its configured level: YjY0LW9ubHk=");
      THEIRS.debug("a library's debug line is not printed, so not seen: hidden-secret");
      System.err.println("straight to stderr: stderr-secret");

      assertThat(logs.eventCount()).isGreaterThanOrEqualTo(3);
      Leaks nothing = new Leaks();
      for (String secret : List.of("raw-S3cret", "pass=word", "b64-only", "stderr-secret")) {
        assertThatThrownBy(() -> nothing.assertNoneOf(List.of(secret), logs))
            .as(secret)
            .isInstanceOf(AssertionError.class);
      }
      nothing.assertNoneOf(List.of("hidden-secret"), logs);
      assertThatThrownBy(
              () ->
                  new Leaks()
                      .add(new RuntimeException("x", new Exception("deep-one")))
                      .assertNoneOf(List.of("deep-one"), logs))
          .isInstanceOf(AssertionError.class);
    }
    assertThat(OURS.isDebugEnabled()).as("back to the configured level").isFalse();
  }
}
