package io.quarentena.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceSettingsTest {
  private final SourceSettings settings =
      SourceSettings.of(
          "marketing",
          "sftp://host/x.csv",
          Map.of(
              "connectTimeout", "15s",
              "readTimeout", "PT2M",
              "fast", "250ms",
              "retries", "4",
              "insecure", "yes",
              "blank", " "));

  @Test
  void typedGettersReadTheirFormats() {
    assertThat(settings.scheme()).isEqualTo("sftp");
    assertThat(settings.duration("connectTimeout", Duration.ZERO))
        .isEqualTo(Duration.ofSeconds(15));
    assertThat(settings.duration("readTimeout", Duration.ZERO)).isEqualTo(Duration.ofMinutes(2));
    assertThat(settings.duration("fast", Duration.ZERO)).isEqualTo(Duration.ofMillis(250));
    assertThat(settings.duration("absent", Duration.ofHours(1))).isEqualTo(Duration.ofHours(1));
    assertThat(settings.integer("retries", 3, 0, 10)).isEqualTo(4);
    assertThat(settings.optional("blank")).isEmpty();
  }

  @Test
  void errorsNameTheSourceTheKeyAndWhatIsAllowed() {
    assertThatThrownBy(() -> settings.bool("insecure", false))
        .hasMessage("source 'marketing', option 'insecure' is 'yes'; allowed: true or false");
    assertThatThrownBy(() -> settings.integer("retries", 3, 0, 2))
        .hasMessage("source 'marketing', option 'retries' is 4; allowed: 0 to 2");
    assertThatThrownBy(() -> settings.duration("retries", Duration.ZERO))
        .hasMessageContaining("option 'retries' is '4', not a duration");
    assertThatThrownBy(() -> settings.required("user"))
        .hasMessage("source 'marketing', option 'user' is required");
    assertThatThrownBy(() -> settings.checkKnownKeys(List.of("connectTimeout", "readTimeout")))
        .hasMessageContaining("option 'blank, fast, insecure, retries' is not an option");
  }

  @Test
  void toStringShowsKeysNeverValues() {
    SourceSettings s =
        SourceSettings.of("m", "sftp://h/x", Map.of("password", "oops-literal-secret"));
    assertThat(s.toString()).contains("password").doesNotContain("oops-literal-secret");
  }

  @Test
  void aPasswordInTheLocationIsRefusedWithoutBeingShown() {
    assertThatThrownBy(
            () ->
                ContactSources.open(
                    "sftp://user:pa55w0rd@host/x.csv", Map.of(), SecretProviders.defaults()))
        .hasMessageContaining("holds a password")
        .message()
        .doesNotContain("pa55w0rd");
    assertThat(ContactSources.defaultName("sftp://user@host/x_{yyyyMMdd}.csv"))
        .isEqualTo("sftp://host/x_{yyyyMMdd}.csv");
  }

  @Test
  void aProviderRegisteredInCodeIsFoundByItsScheme() {
    ContactSources.register(
        new ContactSourceProvider() {
          @Override
          public String scheme() {
            return "memory";
          }

          @Override
          public ContactSource create(SourceSettings s, SecretProvider secrets) {
            return new ContactSource() {
              @Override
              public String name() {
                return s.name();
              }

              @Override
              public FetchedFile fetch(FetchRequest request) {
                throw SourceException.permanent(name(), "empty", null);
              }
            };
          }
        });
    try (ContactSource source =
        ContactSources.open("memory://x", Map.of("name", "mine"), SecretProviders.defaults())) {
      assertThat(source.name()).isEqualTo("mine");
    }
  }
}
