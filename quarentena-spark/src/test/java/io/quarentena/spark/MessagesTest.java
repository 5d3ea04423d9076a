package io.quarentena.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileNotFoundException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Messages the job joins end each sentence in exactly one period. */
class MessagesTest {

  @Test
  void aPartEndingInAPeriodIsNotGivenASecond() {
    assertThat(
            Messages.sentences(
                "source 'crm' cannot be read: save it again as .xlsx, and re-run.",
                " Nothing was written. ",
                null,
                "",
                "Rerun 2024-05-28"))
        .isEqualTo(
            "source 'crm' cannot be read: save it again as .xlsx, and re-run. Nothing was"
                + " written. Rerun 2024-05-28.");
  }

  @Test
  void aCauseIsItsChainOnOneLineWithoutRepeats() {
    Exception reader =
        new IOException(
            "can not read class PageHeader: Negative length", new IOException("Negative length"));
    Exception spark =
        new IllegalStateException(
            "Job aborted due to stage failure: Task 0 failed\n\tat org.apache.spark...",
            new IllegalStateException(
                "Encountered error while reading file /x.parquet. Details:", reader));
    assertThat(Messages.cause(spark))
        .isEqualTo(
            "Encountered error while reading file /x.parquet: can not read class PageHeader:"
                + " Negative length");
    assertThat(Messages.cause(new FileNotFoundException()))
        .isEqualTo("java.io.FileNotFoundException");
  }
}
