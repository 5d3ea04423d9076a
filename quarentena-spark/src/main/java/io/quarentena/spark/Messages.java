package io.quarentena.spark;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How the module words its errors, for code built on it (the job) to word its own the same way: the
 * parts of a message joined into sentences, each ending in exactly one period (a wrapped message
 * that already ends in one, "… and re-run.", is not given a second), and a failure's chain of
 * causes on one line without Spark's stage-failure wrapper.
 *
 * <pre>{@code
 * Messages.sentences("source 'crm' cannot be read: " + e.getMessage(), "Nothing was written");
 * // "source 'crm' cannot be read: Open the file in Excel and re-run. Nothing was written."
 * }</pre>
 */
public final class Messages {

  private Messages() {}

  /**
   * The parts as sentences: each stripped, its final periods replaced by one, blank parts left out.
   *
   * @param parts the sentences, with or without their period
   * @return the sentences joined by a space
   */
  public static String sentences(@Nullable String... parts) {
    List<String> out = new ArrayList<>();
    for (String part : parts) {
      String text = clause(part);
      if (!text.isEmpty()) {
        out.add(text + ".");
      }
    }
    return String.join(" ", out);
  }

  /**
   * What a failure says, on one line: the first line of each message down its chain of causes,
   * without Spark's "Job aborted due to stage failure" wrapper (which repeats its cause with a
   * stack trace) and without a message the one before it already contains.
   *
   * @param failure a failure
   * @return its messages joined by ": ", or its class name when none has a message
   */
  public static String cause(Throwable failure) {
    List<String> parts = new ArrayList<>();
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = t.getMessage();
      if (message == null
          || (message.startsWith("Job aborted due to stage failure") && t.getCause() != null)) {
        continue;
      }
      String line = clause(message.lines().findFirst().orElse(""));
      if (line.endsWith("Details:")) {
        line = clause(line.substring(0, line.length() - "Details:".length()));
      }
      if (!line.isEmpty() && (parts.isEmpty() || !parts.get(parts.size() - 1).contains(line))) {
        parts.add(line);
      }
    }
    return parts.isEmpty() ? failure.getClass().getName() : String.join(": ", parts);
  }

  /**
   * A message without its final periods, for text that follows it in the same sentence or after a
   * period of its own.
   *
   * @param message a message, or null
   * @return the message stripped, without trailing periods; empty for null
   */
  public static String clause(@Nullable String message) {
    if (message == null) {
      return "";
    }
    String text = message.strip();
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == '.') {
      end--;
    }
    return text.substring(0, end).strip();
  }
}
