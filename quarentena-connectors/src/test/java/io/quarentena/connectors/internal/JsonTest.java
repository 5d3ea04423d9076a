package io.quarentena.connectors.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void readsGraphShapedObjects() {
    Map<String, Object> o =
        Json.parseObject(
            "{\"id\":\"01AB\",\"size\":1234,\"file\":{\"hashes\":{\"quickXorHash\":\"a\\/b=\"}},"
                + "\"tags\":[1,true,null,\"x\\u00e9\"],\"neg\":-1.5e2}");
    assertThat(Json.string(o, "id")).contains("01AB");
    assertThat(Json.number(o, "size")).contains(new BigDecimal("1234"));
    assertThat(Json.string(o, "file.hashes.quickXorHash")).contains("a/b=");
    assertThat(Json.number(o, "neg").orElseThrow()).isEqualByComparingTo("-150");
    assertThat(Json.string(o, "missing.path")).isEmpty();
  }

  @Test
  void malformedJsonNeverEchoesTheText() {
    assertThatThrownBy(() -> Json.parseObject("{\"access_token\":\"eyJsecret"))
        .hasMessageContaining("malformed JSON")
        .message()
        .doesNotContain("eyJsecret");
    assertThatThrownBy(() -> Json.parseObject("[1]")).hasMessage("not a JSON object");
  }

  @Test
  void remoteNamesExpandDatePatterns() {
    assertThat(RemoteNames.expand("/out/mc_{yyyyMMdd}_{yyyy-MM}.csv", LocalDate.of(2024, 5, 8)))
        .isEqualTo("/out/mc_20240508_2024-05.csv");
    assertThat(RemoteNames.globPattern("mc_2024*.c?v").matcher("mc_20240508.csv").matches())
        .isTrue();
    assertThat(RemoteNames.globPattern("mc_(1).csv").matcher("mc_(1).csv").matches()).isTrue();
    assertThatThrownBy(() -> RemoteNames.validate("x_{yyyyMMddQQQQQQ}.csv"))
        .hasMessageContaining("is not a date pattern");
  }
}
