package io.quarentena.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The connectors demo in CI: the job reads Marketing over SFTP and two sources from S3, on
 * loopback, by configuration alone, and finds what the local files hold.
 */
class ConnectorsDemoTest {

  @Test
  void theJobReadsSftpAndS3ByConfigurationAlone() throws Exception {
    String report =
        ConnectorsDemo.run(ExamplesSpark.get(), ExamplesSpark.HOME.resolve("connectors"));
    assertThat(report)
        .contains("SFTP server on 127.0.0.1")
        .containsPattern("marketing +Marketing +7 +5 +2")
        .containsPattern("recomendacao +Recomendacao +3 +2 +1")
        .containsPattern("restritos +Restritos +3 +3 +0");
  }
}
