package io.quarentena.examples;

import io.quarentena.Channel;
import io.quarentena.ContactEvent;
import io.quarentena.Quarantine;
import io.quarentena.QuarantineEntry;
import io.quarentena.QuarantineEvaluation;
import io.quarentena.QuarantinePolicy;
import io.quarentena.RejectedContact;
import io.quarentena.SuppressionDecision;
import java.time.LocalDate;
import java.util.List;

/**
 * The core on its own, no Spark: the article's six contacts evaluated for 2024-05-28 with the
 * default policy, printed like the article's table, then a few campaign checks.
 *
 * <p>Run: {@code ./mvnw -q -DskipTests -pl examples -am package exec:exec
 * -Dexample.mainClass=io.quarentena.examples.CoreDemo}
 */
public final class CoreDemo {

  private CoreDemo() {}

  /**
   * Runs the demo.
   *
   * @param args optional: {@code --as-of YYYY-MM-DD} (default 2024-05-28)
   */
  public static void main(String[] args) {
    LocalDate asOf = LocalDate.parse("2024-05-28");
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--as-of")) {
        asOf = LocalDate.parse(args[i + 1]);
      }
    }
    List<ContactEvent> contacts =
        List.of(
            contact("1234567890", Channel.CRM, "2024-05-08", "cliente@exemplo.com", "Campanha"),
            contact(
                "2345678901",
                Channel.MARKETING,
                "2024-05-24",
                "marketing@exemplo.com",
                "Email boas vindas"),
            contact(
                "3456789012",
                Channel.RECOMENDACAO,
                "2024-05-18",
                "recomendacao@exemplo.com",
                "Novo Produto"),
            contact("1001001001", Channel.OFERTAS, "2024-05-26", "ofertas@exemplo.com", "Promoção"),
            contact(
                "4567890123",
                Channel.FRAUDE,
                "2024-04-01",
                "fraude@exemplo.com",
                "Suspeita de fraude"),
            contact(
                "4888888800",
                Channel.RESTRITOS,
                "2024-03-01",
                "restritos@exemplo.com",
                "Reclamação"),
            contact("5555555555", Channel.CRM, "2024-06-02", "futuro@exemplo.com", "Agendada"));

    QuarantinePolicy policy = QuarantinePolicy.defaults();
    QuarantineEvaluation result = policy.evaluate(contacts, asOf);

    System.out.println("Policy: " + policy);
    System.out.println();
    System.out.printf(
        "%-12s %-13s %-26s %-10s %8s %-14s %-10s%n",
        "id_cliente", "canal", "email", "data_envio", "qtd_dias", "saida_prevista", "data_carga");
    for (QuarantineEntry e : result.entries()) {
      System.out.printf(
          "%-12s %-13s %-26s %-10s %8d %-14s %-10s%n",
          e.customerId(),
          e.channel(),
          e.email(),
          e.contactDate(),
          e.daysSinceContact(),
          e.lastDay() == null ? "NULL" : e.lastDay(),
          e.loadDate());
    }
    System.out.println();
    System.out.printf(
        "read %d, in quarantine %d, rejected %d%n",
        result.eventsRead(), result.entries().size(), result.rejects().size());
    for (RejectedContact r : result.rejects()) {
      System.out.println(
          "  rejected " + r.event().customerId() + " " + r.reason() + ": " + r.detail());
    }

    Quarantine quarantine = Quarantine.of(result.toIndex());
    System.out.println();
    for (String customer : List.of("1234567890", "2345678901", "4567890123", "9999999999")) {
      SuppressionDecision d = quarantine.check(customer, Channel.MARKETING, asOf.plusDays(4));
      System.out.println(d.explain());
    }
  }

  private static ContactEvent contact(
      String id, Channel channel, String date, String email, String subject) {
    return ContactEvent.builder(id, channel, LocalDate.parse(date))
        .email(email)
        .subject(subject)
        .build();
  }
}
