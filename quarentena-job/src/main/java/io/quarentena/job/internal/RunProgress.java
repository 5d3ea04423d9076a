package io.quarentena.job.internal;

import io.quarentena.spark.Messages;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a run of the job has changed so far, so that its failure says exactly which tables hold this
 * run's load and which keep their last one. The job writes the rejects first and the quarantine
 * table last: a failure before the quarantine commit leaves the quarantine table at its last good
 * load, whatever else failed.
 *
 * <pre>{@code
 * RunProgress progress = new RunProgress(loadDate, config.outputTable(), config.rejectsTable());
 * rejects.write(rows, loadDate);
 * progress.rejectsWritten();
 * ...
 * throw progress.failure(e); // "...: cause. The rejects table ... holds this run's rejects of ..."
 * }</pre>
 */
public final class RunProgress {

  private final LocalDate loadDate;
  private final String quarantine;
  private final String rejects;
  private boolean rejectsWritten;
  private boolean quarantineWritten;
  private @Nullable LocalDate retentionCutoff;
  private final List<String> retained = new ArrayList<>();

  /**
   * The progress of a run that has written nothing yet.
   *
   * @param loadDate the run's load date
   * @param quarantine the quarantine table's name or path
   * @param rejects the rejects table's name or path
   */
  public RunProgress(LocalDate loadDate, String quarantine, String rejects) {
    this.loadDate = loadDate;
    this.quarantine = quarantine;
    this.rejects = rejects;
  }

  /** The rejects table holds this run's rejects of the load date. */
  public void rejectsWritten() {
    rejectsWritten = true;
  }

  /** The quarantine table holds this run's load. */
  public void quarantineWritten() {
    quarantineWritten = true;
  }

  /**
   * Retention is deleting the load dates before a cutoff.
   *
   * @param cutoff the first load date kept
   */
  public void retentionStarted(LocalDate cutoff) {
    retentionCutoff = cutoff;
  }

  /**
   * Retention deleted the older load dates of a table.
   *
   * @param table which: "quarantine" or "rejects"
   */
  public void retained(String table) {
    retained.add(table);
  }

  /**
   * Which tables this run changed.
   *
   * @return one or two sentences
   */
  public String state() {
    if (!rejectsWritten) {
      return "Nothing was written: the quarantine and rejects tables keep their last loads.";
    }
    if (!quarantineWritten) {
      return Messages.sentences(
          "The rejects table "
              + rejects
              + " holds this run's rejects of "
              + loadDate
              + "; the quarantine table "
              + quarantine
              + " keeps its last load",
          "Rerun " + loadDate + " once the cause is fixed");
    }
    String live = "The quarantine and rejects tables hold this run's load of " + loadDate;
    if (retentionCutoff == null) {
      return Messages.sentences(live);
    }
    String retention =
        retained.isEmpty()
            ? "retention did not delete the load dates before " + retentionCutoff
            : "retention deleted the load dates before "
                + retentionCutoff
                + " from the "
                + String.join(" and ", retained)
                + (retained.size() == 1 ? " table only" : " tables");
    return Messages.sentences(live + "; " + retention);
  }

  /**
   * A failure of the run, saying what it changed.
   *
   * @param cause what was thrown
   * @return an {@link IllegalArgumentException} for a mistake in the configuration or a source's
   *     settings, an {@link IllegalStateException} otherwise; its message is the cause's and then
   *     {@link #state()}
   */
  public RuntimeException failure(Throwable cause) {
    String what =
        cause instanceof IllegalStateException || cause instanceof IllegalArgumentException
            ? cause.getMessage()
            : "the run failed (" + cause.getClass().getSimpleName() + "): " + Messages.cause(cause);
    String message = Messages.sentences(what, state());
    return cause instanceof IllegalArgumentException
        ? new IllegalArgumentException(message, cause)
        : new IllegalStateException(message, cause);
  }
}
