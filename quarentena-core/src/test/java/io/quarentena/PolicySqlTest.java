package io.quarentena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarentena.testing.ContactGenerator;
import io.quarentena.testing.Seeds;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The policy as SQL: worked examples of the generated text's shape. That the text gives the same
 * answers as {@link Quarantine#check} is proven in Spark ({@code PolicyViewAgreesTest} in the Spark
 * module).
 */
class PolicySqlTest {

  /** CRM global, a Marketing cap scoped to Marketing exempting transactional, fraud open-ended. */
  static final QuarantinePolicy CAMPAIGNS =
      QuarantinePolicy.builder("campanhas")
          .rule(QuarantineRule.fixedPeriod(Channel.CRM, 30))
          .rule(
              QuarantineRule.frequencyCap(Channel.MARKETING, 3, 14)
                  .scopedTo(Scope.only(Channel.MARKETING))
                  .exempting("Transactional"))
          .rule(QuarantineRule.openEnded(Channel.FRAUDE))
          .build();

  /** One row of the generated rule table: (canal_origem, canal, tipo_regra, regra, isentas). */
  private static final Pattern RULE_ROW =
      Pattern.compile("\\n    \\('([^']*)', '([^']*)', '([^']*)', '([^']*)', ([^\\n]*)\\)");

  @Test
  void aPolicyReadsAsOneRowPerRuleAndChannelItBlocks() {
    String expected =
        """
        WITH entradas AS (
          SELECT id_cliente, canal, data_envio, saida_prevista, data_carga
          FROM main.crm.quarentena_global
          WHERE data_carga = (SELECT max(data_carga) FROM main.crm.quarentena_global)
            AND (saida_prevista IS NULL OR saida_prevista >= data_carga)
        ),
        regras AS (
          SELECT * FROM VALUES
            ('CRM', 'CRM', 'fixed-period', 'CRM: 30 days after the last contact', \
        CAST(array() AS ARRAY<STRING>)),
            ('CRM', 'Marketing', 'fixed-period', 'CRM: 30 days after the last contact', \
        CAST(array() AS ARRAY<STRING>)),
            ('CRM', 'Fraude', 'fixed-period', 'CRM: 30 days after the last contact', \
        CAST(array() AS ARRAY<STRING>)),
            ('Marketing', 'Marketing', 'frequency-cap', \
        'Marketing: at most 3 contacts in 14 days', array('transactional')),
            ('Fraude', 'CRM', 'open-ended', 'Fraude: until revoked at the source', \
        CAST(array() AS ARRAY<STRING>)),
            ('Fraude', 'Marketing', 'open-ended', 'Fraude: until revoked at the source', \
        CAST(array() AS ARRAY<STRING>)),
            ('Fraude', 'Fraude', 'open-ended', 'Fraude: until revoked at the source', \
        CAST(array() AS ARRAY<STRING>))
            AS regras(canal_origem, canal, tipo_regra, regra, categorias_isentas)
        ),
        canais AS (
          SELECT * FROM VALUES ('CRM'), ('Marketing'), ('Fraude') AS canais(canal)
        )
        SELECT e.id_cliente, r.canal, e.canal AS canal_origem, r.tipo_regra, r.regra,
               e.data_envio AS bloqueado_desde, e.saida_prevista AS bloqueado_ate,
               r.categorias_isentas, e.data_carga
        FROM entradas e JOIN regras r ON r.canal_origem = e.canal
        UNION ALL
        SELECT e.id_cliente, c.canal, e.canal AS canal_origem, 'no-rule' AS tipo_regra,
               concat(e.canal, ': no rule in the policy, blocks every channel until its last day') \
        AS regra,
               e.data_envio AS bloqueado_desde, e.saida_prevista AS bloqueado_ate,
               CAST(array() AS ARRAY<STRING>) AS categorias_isentas, e.data_carga
        FROM entradas e CROSS JOIN canais c
        WHERE e.canal NOT IN ('CRM', 'Marketing', 'Fraude')""";
    assertThat(PolicySql.of(CAMPAIGNS, "main.crm.quarentena_global").select()).isEqualTo(expected);
  }

  @Test
  void theDefaultPolicyBlocksEveryChannelFromEveryRule() {
    List<String[]> rows = rows(PolicySql.of(QuarantinePolicy.defaults(), "q").select());
    assertThat(rows).hasSize(36);
    assertThat(rows)
        .filteredOn(r -> r[0].equals("Fraude"))
        .extracting(r -> r[1])
        .containsExactly("CRM", "Marketing", "Recomendacao", "Restritos", "Ofertas", "Fraude");
    assertThat(rows).allMatch(r -> r[4].equals("CAST(array() AS ARRAY<STRING>)"));
  }

  @Test
  void aScopedRuleBlocksOnlyItsChannelsAndACustomChannelIsOneMore() {
    Channel push = Channel.of("Push");
    QuarantinePolicy policy =
        QuarantinePolicy.builder("push")
            .rules(QuarantinePolicy.defaults().rules())
            .rule(QuarantineRule.fixedPeriod(push, 3).scopedTo(Scope.only(push)))
            .build();
    List<String[]> rows = rows(PolicySql.of(policy, "q").select());
    assertThat(rows)
        .filteredOn(r -> r[0].equals("Push"))
        .extracting(r -> r[1])
        .containsOnly("Push");
    assertThat(rows).filteredOn(r -> r[1].equals("Push")).hasSize(7); // six global rules + its own
    assertThat(PolicySql.of(policy, "q").select())
        .contains("('CRM'), ('Marketing'), ('Recomendacao'), ('Restritos'), ('Ofertas'),")
        .contains("('Push') AS canais(canal)")
        .contains("NOT IN ('CRM', 'Marketing', 'Recomendacao', 'Restritos', 'Ofertas', 'Fraude',");
  }

  @Test
  void aGivenLoadDateIsReadInsteadOfTheLatest() {
    String select = PolicySql.of(CAMPAIGNS, "q").loadDate(LocalDate.parse("2024-05-28")).select();
    assertThat(select)
        .contains("WHERE data_carga = DATE '2024-05-28'\n")
        .doesNotContain("max(data_carga)");
  }

  @Test
  void theViewStatementsWrapTheSelect() {
    PolicySql sql = PolicySql.of(CAMPAIGNS, "main.crm.quarentena_global");
    assertThat(sql.createView("main.crm.quarentena_bloqueios"))
        .startsWith(
            "CREATE OR REPLACE VIEW main.crm.quarentena_bloqueios COMMENT 'Quarentena: policy"
                + " campanhas as blocked channels")
        .endsWith(" AS\n" + sql.select());
    assertThat(sql.createTemporaryView("bloqueios"))
        .isEqualTo("CREATE OR REPLACE TEMPORARY VIEW bloqueios AS\n" + sql.select());
    assertThatThrownBy(() -> sql.createTemporaryView("main.crm.bloqueios"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one name part");
  }

  @Test
  void aQuoteInAPolicyNameNeverReachesTheComment() {
    QuarantinePolicy named =
        QuarantinePolicy.builder("it's \\ mine")
            .rule(QuarantineRule.fixedPeriod(Channel.CRM, 1))
            .build();
    assertThat(PolicySql.of(named, "q").createView("v"))
        .startsWith("CREATE OR REPLACE VIEW v COMMENT 'Quarentena: policy its  mine as");
  }

  @Test
  void theViewGoesBesideTheTable() {
    assertThat(PolicySql.viewBeside("main.crm.quarentena_global"))
        .isEqualTo("main.crm.quarentena_bloqueios");
    assertThat(PolicySql.viewBeside("crm.quarentena_global")).isEqualTo("crm.quarentena_bloqueios");
    assertThat(PolicySql.viewBeside("quarentena_global")).isEqualTo("quarentena_bloqueios");
    assertThat(PolicySql.viewBeside("`my-catalog`.`crm.x`.q"))
        .isEqualTo("`my-catalog`.`crm.x`.quarentena_bloqueios");
    assertThatThrownBy(() -> PolicySql.viewBeside("/Volumes/main/crm/quarentena_global"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is a path")
        .hasMessageContaining("temporary view");
  }

  @Test
  void aPathIsReadAsADeltaTable() {
    assertThat(PolicySql.of(CAMPAIGNS, " s3://bucket/quarentena`global ").select())
        .contains("FROM delta.`s3://bucket/quarentena``global`\n");
  }

  @Test
  void aNameThatIsNotOneIsRefused() {
    for (String bad :
        List.of("a.b.c.d", "main.crm.quarentena global", "a;DROP TABLE x", "", "a..b")) {
      assertThatThrownBy(() -> PolicySql.of(CAMPAIGNS, bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("expected");
    }
  }

  @Test
  void textThatIsNotPlainAsciiIsABinaryLiteral() {
    assertThat(PolicySql.literal("promo")).isEqualTo("'promo'");
    assertThat(PolicySql.literal("it's")).isEqualTo("CAST(X'69742773' AS STRING)");
    assertThat(PolicySql.literal("ação")).isEqualTo("CAST(X'61C3A7C3A36F' AS STRING)");
    QuarantinePolicy odd =
        QuarantinePolicy.builder("odd")
            .rule(QuarantineRule.fixedPeriod(Channel.CRM, 1).exempting("d'água", "b"))
            .build();
    assertThat(PolicySql.of(odd, "q").select())
        .contains("array('b', CAST(X'6427C3A1677561' AS STRING))");
  }

  @Test
  void aCategoryIsComparedTrimmedAndLowerCaseAndNeverNull() {
    String expr = PolicySql.category("a.categoria");
    assertThat(expr)
        .startsWith("coalesce(lower(trim(BOTH CAST(X'000102")
        .contains("C2A0") // the no-break space
        .contains("EFBBBF") // the byte order mark
        .endsWith("' AS STRING) FROM a.categoria)), '')");
    assertThat(PolicySql.trimmed("x")).startsWith("trim(BOTH CAST(X'").endsWith(" FROM x)");
  }

  @Test
  void everyGeneratedPolicyHasOneRowPerRuleAndCoveredChannel() {
    Seeds.forEach(
        200,
        random -> {
          QuarantinePolicy policy = new ContactGenerator(random).policy();
          List<String[]> rows = rows(PolicySql.of(policy, "q").select());
          List<String> expected = new ArrayList<>();
          for (QuarantineRule r : policy.rules()) {
            for (Channel c : policy.channels()) {
              if (r.scope().covers(c)) {
                expected.add(
                    r.channel().id()
                        + ">"
                        + c.id()
                        + ":"
                        + (r.exemptCategories().isEmpty()
                            ? "CAST(array() AS ARRAY<STRING>)"
                            : "array('transactional')"));
              }
            }
          }
          assertThat(rows)
              .extracting(r -> r[0] + ">" + r[1] + ":" + r[4])
              .as("policy %s", policy)
              .containsExactlyElementsOf(expected);
        });
  }

  private static List<String[]> rows(String select) {
    List<String[]> out = new ArrayList<>();
    Matcher m = RULE_ROW.matcher(select);
    while (m.find()) {
      out.add(new String[] {m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)});
    }
    return out;
  }
}
