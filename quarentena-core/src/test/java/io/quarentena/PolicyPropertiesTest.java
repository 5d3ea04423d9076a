package io.quarentena;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyPropertiesTest {

  @Test
  void theDefaultPolicyHasTheSixRulesOfTheArticle() {
    QuarantinePolicy p = QuarantinePolicy.defaults();
    assertThat(p.channels()).containsExactlyElementsOf(Channel.builtIns());
    assertThat(p.rule(Channel.CRM)).isEqualTo(QuarantineRule.fixedPeriod(Channel.CRM, 30));
    assertThat(p.rule(Channel.MARKETING))
        .isEqualTo(QuarantineRule.fixedPeriod(Channel.MARKETING, 7));
    assertThat(p.rule(Channel.RECOMENDACAO))
        .isEqualTo(QuarantineRule.fixedPeriod(Channel.RECOMENDACAO, 15));
    assertThat(p.rule(Channel.RESTRITOS))
        .isEqualTo(QuarantineRule.fixedPeriod(Channel.RESTRITOS, 90));
    assertThat(p.rule(Channel.OFERTAS)).isEqualTo(QuarantineRule.fixedPeriod(Channel.OFERTAS, 5));
    assertThat(p.rule(Channel.FRAUDE)).isEqualTo(QuarantineRule.openEnded(Channel.FRAUDE));
    assertThat(p.rules()).allMatch(r -> r.scope().isGlobal() && r.exemptCategories().isEmpty());
  }

  @Test
  void readsEveryKindScopeAndExemption() {
    QuarantinePolicy p =
        QuarantinePolicy.fromProperties(
            Map.of(
                "name", "campaigns",
                "base", "defaults",
                "rule.Marketing.kind", "frequency-cap",
                "rule.Marketing.max-contacts", "3",
                "rule.Marketing.window-days", "14",
                "rule.Marketing.scope", "Marketing, Push",
                "rule.Marketing.exempt-categories", "Transactional, service",
                "rule.Push.kind", "fixed-period",
                "rule.Push.days", "2"));
    assertThat(p.name()).isEqualTo("campaigns");
    assertThat(p.channels()).hasSize(7);
    assertThat(p.rule(Channel.MARKETING))
        .isEqualTo(
            QuarantineRule.frequencyCap(Channel.MARKETING, 3, 14)
                .scopedTo(Scope.only(Channel.MARKETING, Channel.of("Push")))
                .exempting("transactional", "service"));
    assertThat(p.rule(Channel.CRM)).isEqualTo(QuarantineRule.fixedPeriod(Channel.CRM, 30));
    assertThat(p.rule(Channel.of("Push")))
        .isEqualTo(QuarantineRule.fixedPeriod(Channel.of("Push"), 2));
  }

  @Test
  void roundTripsThroughProperties() {
    QuarantinePolicy p =
        QuarantinePolicy.builder("rt")
            .rules(QuarantinePolicy.defaults().rules())
            .replace(
                QuarantineRule.frequencyCap(Channel.MARKETING, 2, 10).exempting("transactional"))
            .replace(
                QuarantineRule.openEnded(Channel.FRAUDE)
                    .scopedTo(Scope.only(Channel.CRM, Channel.OFERTAS)))
            .build();
    assertThat(QuarantinePolicy.fromProperties(p.toProperties())).isEqualTo(p);
  }

  @Test
  void loadsAFileAndNamesItInErrors(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("policy.properties");
    Files.writeString(file, "name = from-file\nrule.CRM.kind = fixed-period\nrule.CRM.days = 30\n");
    assertThat(QuarantinePolicy.load(file).rule(Channel.CRM).lastDayOffset()).hasValue(30);
    Files.writeString(file, "rule.CRM.kind = fixed-period\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> QuarantinePolicy.load(file))
        .hasMessage(
            "policy file "
                + file
                + ": policy key 'rule.CRM.days' is required for kind fixed-period");
  }
}
