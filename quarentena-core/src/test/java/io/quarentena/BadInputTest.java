package io.quarentena;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad input gets a clear exception that names the field and the value. */
class BadInputTest {

  static final LocalDate LOAD = LocalDate.parse("2024-05-28");

  @Test
  void nullCustomerId() {
    assertThatThrownBy(() -> ContactEvent.of(null, Channel.CRM, LOAD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("customerId (id_cliente) must not be null");
  }

  @Test
  void blankCustomerId() {
    assertThatThrownBy(() -> ContactEvent.of("  ", Channel.CRM, LOAD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("customerId (id_cliente) must not be blank, got: '  '");
  }

  @Test
  void missingContactDateNamesTheCustomer() {
    assertThatThrownBy(() -> ContactEvent.of("123", Channel.CRM, null))
        .hasMessage("contactDate (data_envio) of customer 123 must not be null");
  }

  @Test
  void invalidChannelId() {
    assertThatThrownBy(() -> Channel.of("Mar keting"))
        .hasMessageStartingWith("invalid channel id: 'Mar keting'; expected 1 to 64 letters");
  }

  @Test
  void unknownChannelInAnEventNamesTheKnownOnes() {
    ContactEvent push = ContactEvent.of("1", Channel.of("Push"), LOAD);
    assertThatThrownBy(() -> QuarantinePolicy.defaults().evaluate(List.of(push), LOAD))
        .hasMessage(
            "unknown channel 'Push': policy 'default' has rules for CRM, Fraude, Marketing, Ofertas,"
                + " Recomendacao, Restritos. Add a rule for it to the policy (channel ids are"
                + " case-sensitive).");
  }

  @Test
  void unknownChannelInACheckIsAnErrorNotAPass() {
    Quarantine q = Quarantine.of(QuarantinePolicy.defaults().evaluate(List.of(), LOAD).toIndex());
    assertThatThrownBy(() -> q.isSuppressed("1", Channel.of("marketing"), LOAD))
        .hasMessageStartingWith("unknown channel 'marketing'");
  }

  @Test
  void negativePeriod() {
    assertThatThrownBy(() -> QuarantineRule.fixedPeriod(Channel.CRM, -1))
        .hasMessage(
            "invalid days for channel CRM: '-1'; expected zero or more days after the last contact");
  }

  @Test
  void zeroCapAndZeroWindow() {
    assertThatThrownBy(() -> QuarantineRule.frequencyCap(Channel.CRM, 0, 14))
        .hasMessage("invalid max-contacts for channel CRM: '0'; expected one or more contacts");
    assertThatThrownBy(() -> QuarantineRule.frequencyCap(Channel.CRM, 3, 0))
        .hasMessage(
            "invalid window-days for channel CRM: '0'; expected a window of one or more days");
  }

  @Test
  void blankExemptCategory() {
    assertThatThrownBy(() -> QuarantineRule.fixedPeriod(Channel.CRM, 3).exempting(" "))
        .hasMessage("exempt category of channel CRM must not be blank, got: ' '");
  }

  @Test
  void twoRulesForOneChannelConflict() {
    assertThatThrownBy(
            () ->
                QuarantinePolicy.builder("p")
                    .rule(QuarantineRule.fixedPeriod(Channel.CRM, 30))
                    .rule(QuarantineRule.frequencyCap(Channel.CRM, 3, 14)))
        .hasMessage(
            "policy 'p': channel CRM already has a rule (CRM: 30 days after the last contact),"
                + " cannot add (CRM: at most 3 contacts in 14 days). A policy holds one rule per"
                + " channel: use replace(rule) to change it.");
  }

  @Test
  void aScopeNamingAChannelWithoutARule() {
    assertThatThrownBy(
            () ->
                QuarantinePolicy.builder("p")
                    .rule(
                        QuarantineRule.fixedPeriod(Channel.CRM, 30)
                            .scopedTo(Scope.only(Channel.of("Sms"))))
                    .build())
        .hasMessageStartingWith(
            "policy 'p': the rule of channel CRM is scoped to channel 'Sms', which has no rule");
  }

  @Test
  void anEmptyPolicy() {
    assertThatThrownBy(() -> QuarantinePolicy.builder("empty").build())
        .hasMessage("policy 'empty' has no rules; add at least one rule (one per channel)");
  }

  @Test
  void anEmptyScopeList() {
    assertThatThrownBy(() -> Scope.only(List.of()))
        .hasMessage(
            "invalid scope: '[]'; expected at least one channel, or Scope.global() for every channel");
  }

  @Test
  void conflictingOptionsInAPolicyFile() {
    assertThatThrownBy(
            () ->
                QuarantinePolicy.fromProperties(
                    Map.of(
                        "rule.CRM.kind",
                        "fixed-period",
                        "rule.CRM.days",
                        "30",
                        "rule.CRM.window-days",
                        "14")))
        .hasMessage(
            "policy key 'rule.CRM.window-days' does not apply to kind fixed-period; options of"
                + " fixed-period: [days, exempt-categories, kind, scope]");
  }

  @Test
  void missingOptionInAPolicyFile() {
    assertThatThrownBy(
            () ->
                QuarantinePolicy.fromProperties(
                    Map.of("rule.CRM.kind", "frequency-cap", "rule.CRM.window-days", "14")))
        .hasMessage("policy key 'rule.CRM.max-contacts' is required for kind frequency-cap");
  }

  @Test
  void unknownKindAndUnknownKeyAndBadNumber() {
    assertThatThrownBy(() -> QuarantinePolicy.fromProperties(Map.of("rule.CRM.kind", "forever")))
        .hasMessage(
            "invalid policy key 'rule.CRM.kind': 'forever'; expected fixed-period, frequency-cap or open-ended");
    assertThatThrownBy(
            () -> QuarantinePolicy.fromProperties(Map.of("rules.CRM.kind", "open-ended")))
        .hasMessageStartingWith("unknown policy key 'rules.CRM.kind'; allowed: name, base,");
    assertThatThrownBy(
            () ->
                QuarantinePolicy.fromProperties(
                    Map.of("rule.CRM.kind", "fixed-period", "rule.CRM.days", "thirty")))
        .hasMessage("invalid policy key 'rule.CRM.days': 'thirty'; expected a whole number");
    assertThatThrownBy(
            () ->
                QuarantinePolicy.fromProperties(
                    Map.of("rule.CRM.kind", "fixed-period", "rule.CRM.days", "-3")))
        .hasMessage(
            "invalid days for channel CRM: '-3'; expected zero or more days after the last contact");
  }

  @Test
  void anEntryWithAnotherLoadDateInASnapshot() {
    QuarantineEntry e = QuarantineEntry.of("1", Channel.CRM, LOAD, LOAD.plusDays(30), LOAD);
    assertThatThrownBy(
            () -> QuarantineIndex.of(QuarantinePolicy.defaults(), LOAD.plusDays(1), List.of(e)))
        .hasMessageContaining("has load date 2024-05-28, the snapshot is for 2024-05-29");
  }

  @Test
  void twoEntriesForOneKeyInASnapshot() {
    QuarantineEntry e = QuarantineEntry.of("1", Channel.CRM, LOAD, LOAD.plusDays(30), LOAD);
    assertThatThrownBy(() -> QuarantineIndex.of(QuarantinePolicy.defaults(), LOAD, List.of(e, e)))
        .hasMessageContaining("two entries for customer 1 on channel CRM");
  }
}
