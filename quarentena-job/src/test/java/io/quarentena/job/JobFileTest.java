package io.quarentena.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The job's tables: two keys naming one table are refused, however the table is written. */
class JobFileTest {

  static String config(String output, String rejects, String runs) {
    return "quarentena {\n"
        + "  output.table = \""
        + output
        + "\"\n  rejects.table = \""
        + rejects
        + "\"\n"
        + (runs.isEmpty() ? "" : "  runs.table = \"" + runs + "\"\n")
        + "  sources.crm { channel = CRM, format = csv, location = \"/in/crm.csv\" }\n"
        + "}\n";
  }

  @ParameterizedTest(name = "{0} | {1} | {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "/lake/global | /lake/global | | 'quarentena.rejects.table' and 'quarentena.output.table'",
        "/lake/global | file:/lake/global/ | | 'quarentena.rejects.table' and"
            + " 'quarentena.output.table'",
        "file:///lake/global | /lake/./x/../global | | 'quarentena.rejects.table' and"
            + " 'quarentena.output.table'",
        "s3a://Bucket/q/global | s3a://bucket/q//global/ | | 'quarentena.rejects.table' and"
            + " 'quarentena.output.table'",
        "main.crm.Quarentena_Global | `main`.`crm`.`quarentena_global` | | 'quarentena.rejects.table'"
            + " and 'quarentena.output.table'",
        "main.crm.global | main.crm.rejeitados | main.crm.rejeitados | 'quarentena.runs.table' and"
            + " 'quarentena.rejects.table'",
        "/lake/global | /lake/global_runs | | 'quarentena.runs.table' (<output.table>_runs) and"
            + " 'quarentena.rejects.table'",
      })
  void twoKeysNamingOneTableAreRefused(String output, String rejects, String runs, String keys) {
    assertThatThrownBy(
            () -> JobFile.parse(config(output, rejects, runs == null ? "" : runs), "test"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(keys + " are the same table")
        .hasMessageContaining("Give each its own table");
  }

  @ParameterizedTest(name = "{0} | {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "/lake/global | /lake/rejeitados",
        "/lake/global | /lake/global/rejeitados",
        "s3a://a/global | s3a://b/global",
        "main.crm.global | main.ofertas.global",
        "main.crm.global | /main/crm/global",
      })
  void distinctTablesAreAccepted(String output, String rejects) {
    JobConfig config = JobFile.parse(config(output, rejects, ""), "test");
    assertThat(config.rejectsTable()).isEqualTo(rejects);
  }
}
