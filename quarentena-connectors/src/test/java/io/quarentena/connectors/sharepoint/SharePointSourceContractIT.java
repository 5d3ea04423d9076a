package io.quarentena.connectors.sharepoint;

import io.quarentena.connectors.ContactSource;
import io.quarentena.connectors.ContactSources;
import io.quarentena.connectors.SecretProviders;
import io.quarentena.connectors.testing.ContactSourceContract;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class SharePointSourceContractIT extends ContactSourceContract {
  private static final byte[] CONTENT = "crm workbook bytes".getBytes(StandardCharsets.UTF_8);
  private GraphTestServer graph;

  @BeforeEach
  void start() throws Exception {
    graph = new GraphTestServer();
    graph.files.put("Exports/crm_20240528.xlsx", CONTENT);
  }

  @AfterEach
  void stop() {
    graph.close();
  }

  @Override
  protected ContactSource openSource() {
    Map<String, String> options = graph.options();
    options.put("name", "crm");
    options.put("retries", "0");
    return ContactSources.open(
        "sharepoint://" + GraphTestServer.HOST + "/sites/crm/Exports/crm_{yyyyMMdd}.xlsx",
        options,
        SecretProviders.byPrefix(
            Map.of(
                "env",
                SecretProviders.environment(
                    Map.of("GRAPH_SECRET", GraphTestServer.CLIENT_SECRET)::get))));
  }

  @Override
  protected byte[] expectedContent() {
    return CONTENT;
  }

  @Override
  protected Set<String> secretValues() {
    return Set.of(GraphTestServer.CLIENT_SECRET, "tok-1");
  }
}
