package io.quarentena.connectors.sftp;

import io.quarentena.connectors.ContactSource;
import io.quarentena.connectors.ContactSources;
import io.quarentena.connectors.SecretProviders;
import io.quarentena.connectors.testing.ContactSourceContract;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

class SftpSourceContractIT extends ContactSourceContract {
  private static final byte[] CONTENT =
      "id_cliente;email;telefone;subject;data_envio\n2345678901;b@example.com;;Promo;2024-05-24\n"
          .getBytes(StandardCharsets.UTF_8);

  @TempDir Path root;
  private SftpTestServer server;

  @BeforeEach
  void start() throws Exception {
    Files.createDirectories(root.resolve("Export"));
    Files.write(root.resolve("Export/marketing_20240528.csv"), CONTENT);
    server = new SftpTestServer(root);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Override
  protected ContactSource openSource() {
    return ContactSources.open(
        server.location("/Export/marketing_{yyyyMMdd}.csv"),
        Map.of(
            "name", "marketing",
            "password", "env:SFTP_PASSWORD",
            "hostKeyFingerprint", server.fingerprint(),
            "retries", "0"),
        SecretProviders.byPrefix(
            Map.of(
                "env",
                SecretProviders.environment(
                    Map.of("SFTP_PASSWORD", SftpTestServer.PASSWORD)::get))));
  }

  @Override
  protected byte[] expectedContent() {
    return CONTENT;
  }

  @Override
  protected Set<String> secretValues() {
    return Set.of(SftpTestServer.PASSWORD);
  }
}
