package io.quarentena.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The connectors demo in CI: the job reads CRM from SharePoint (through a server shaped like
 * Graph), Marketing over SFTP and two sources from S3, on loopback, by configuration alone, finds
 * what the local files hold, and shows none of the secrets it was given.
 */
class ConnectorsDemoTest {

  @Test
  void theJobReadsSharePointSftpAndS3ByConfigurationAlone() throws Exception {
    String[] report = new String[1];
    String printed =
        Console.capture(
            () ->
                report[0] =
                    ConnectorsDemo.run(
                        ExamplesSpark.get(), ExamplesSpark.HOME.resolve("connectors")));
    String seen = printed + report[0];
    assertThat(report[0])
        .contains("Graph stand-in on http://127.0.0.1")
        .contains("SFTP server on 127.0.0.1")
        .contains("26 rows read, 20 accepted, 6 rejected; 11 customer-channel entries");
    // The job printed the summary; the demo's report does not print it a second time.
    assertThat(seen.split("Quarantine run for 2024-05-28", -1)).hasSize(2);
    assertThat(printed)
        .containsPattern("crm +CRM +7 +4 +3")
        .containsPattern("marketing +Marketing +7 +5 +2")
        .containsPattern("recomendacao +Recomendacao +3 +2 +1")
        .containsPattern("restritos +Restritos +3 +3 +0");
    for (String secret : new String[] {"sftp-password", "s3-secret-key", "graph-client-secret"}) {
      assertThat(seen).doesNotContain(System.getProperty("quarentena.demo." + secret));
    }
  }
}
