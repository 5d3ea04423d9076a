package io.quarentena.connectors.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarentena.connectors.SecretProviders;
import org.junit.jupiter.api.Test;

class DatabricksSecretsTest {
  private final DatabricksSecrets secrets =
      new DatabricksSecrets(FakeDbutilsHolder.class.getName());

  @Test
  void readsDbutilsSecretsReflectively() {
    assertThat(secrets.lookup("quarentena/sftp").orElseThrow().value()).isEqualTo("db-s3cret");
  }

  @Test
  void aMissingKeyNamesScopeAndKeyButNotDbutilsInternals() {
    assertThatThrownBy(() -> secrets.lookup("quarentena/nope"))
        .hasMessageContaining("scope 'quarentena', key 'nope'")
        .hasMessageContaining("READ on the scope");
  }

  @Test
  void outsideDatabricksTheErrorSaysSo() {
    assertThatThrownBy(() -> SecretProviders.defaults().lookup("databricks:quarentena/sftp"))
        .hasMessageContaining("need the Databricks runtime")
        .hasMessageContaining("env:, sysprop: or file:");
    assertThatThrownBy(() -> secrets.lookup("no-slash"))
        .hasMessageContaining("databricks:scope/key");
  }
}
