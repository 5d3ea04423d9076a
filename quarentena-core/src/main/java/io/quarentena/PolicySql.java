package io.quarentena;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A policy as SQL over the quarantine table: a view with one row per customer, <b>blocked</b>
 * channel and blocking entry, generated from the rule objects (scopes, exempt categories, the last
 * days the engines persisted), so that a SQL reader gets the same answers as {@link
 * Quarantine#check}. The table holds entries, not the policy: reading {@code quarentena_global}
 * alone is only right while every rule is global and exempts nothing.
 *
 * <p>The view's columns:
 *
 * <ul>
 *   <li>{@code id_cliente} — the customer;
 *   <li>{@code canal} — the outbound channel the customer must not be contacted on;
 *   <li>{@code canal_origem} — the channel of the blocking entry (the table's {@code canal});
 *   <li>{@code tipo_regra} — {@code fixed-period}, {@code frequency-cap}, {@code open-ended}, or
 *       {@code no-rule} for an entry of a channel the policy does not know (it blocks every channel
 *       until its last day: fail closed, as the in-process check);
 *   <li>{@code regra} — the rule, described;
 *   <li>{@code bloqueado_desde} — the entry's {@code data_envio}: the latest counted contact, the
 *       day the quarantine was last set off;
 *   <li>{@code bloqueado_ate} — the entry's {@code saida_prevista}: the last blocked day,
 *       inclusive; NULL when open-ended;
 *   <li>{@code categorias_isentas} — the categories the rule never blocks (trimmed, lower-case), an
 *       empty array when none;
 *   <li>{@code data_carga} — the load the row comes from.
 * </ul>
 *
 * <p>A send of category {@code k} to customer X on channel C on day d is allowed iff no row has
 * {@code id_cliente = X}, {@code canal = C}, {@code bloqueado_ate} NULL or on or after d, and
 * {@code k} (normalized with {@link #category(String)}) not in {@code categorias_isentas}: one
 * {@code NOT EXISTS}, and filtering an audience is one anti-join. The view reads the latest {@code
 * data_carga} of the table at query time, or the one given with {@link #loadDate(LocalDate)}.
 *
 * <pre>{@code
 * PolicySql sql = PolicySql.of(policy, "main.crm.quarentena_global");
 * String select = sql.select();                        // the bare SELECT, for any engine
 * String ddl = sql.createView(PolicySql.viewBeside("main.crm.quarentena_global"));
 * // CREATE OR REPLACE VIEW main.crm.quarentena_bloqueios COMMENT '...' AS WITH ...
 * }</pre>
 *
 * <p>The text is Spark SQL (3.5 and 4.x) and Databricks SQL: {@code FROM VALUES} with a column
 * list, {@code array}, {@code CAST(X'..' AS STRING)} for text that is not plain ASCII, backticks
 * for quoted names and {@code delta.`path`} for a table addressed by path; no functions of the
 * library. {@code docs/sql.md} lists what it relies on.
 */
public final class PolicySql {

  /** The view's default name: {@value}. */
  public static final String DEFAULT_VIEW = "quarentena_bloqueios";

  /** A Unity Catalog three-part name, a two-part or a plain metastore name. */
  private static final Pattern TABLE_NAME =
      Pattern.compile("(`(?:[^`]|``)+`|[A-Za-z0-9_]+)(\\.(`(?:[^`]|``)+`|[A-Za-z0-9_]+)){0,2}");

  private static final Pattern NAME_PART = Pattern.compile("`(?:[^`]|``)+`|[A-Za-z0-9_]+");

  private static final String NO_CATEGORIES = "CAST(array() AS ARRAY<STRING>)";

  private final QuarantinePolicy policy;
  private final String table;
  private final @Nullable LocalDate loadDate;

  private PolicySql(QuarantinePolicy policy, String table, @Nullable LocalDate loadDate) {
    this.policy = policy;
    this.table = table;
    this.loadDate = loadDate;
  }

  /**
   * The SQL of a policy over a quarantine table, reading its latest {@code data_carga}.
   *
   * @param policy the policy the entries were computed with (its scopes and exemptions apply)
   * @param table the table: a name ({@code catalog.schema.table}, {@code schema.table}, {@code
   *     table}; parts may be quoted with backticks) or a path (anything with a {@code /} or a
   *     {@code \}), read as {@code delta.`path`}
   * @return the SQL
   * @throws IllegalArgumentException if the name is not one, naming it
   */
  public static PolicySql of(QuarantinePolicy policy, String table) {
    Errors.checkNotNull(policy, "policy");
    return new PolicySql(policy, tableReference(table), null);
  }

  /**
   * The same SQL over one {@code data_carga} instead of the latest.
   *
   * @param value the load date read
   * @return a new instance
   */
  public PolicySql loadDate(LocalDate value) {
    return new PolicySql(policy, table, Errors.checkNotNull(value, "loadDate"));
  }

  /**
   * The name of the view beside a table: the table's catalog and schema with the name {@value
   * #DEFAULT_VIEW} ({@code main.crm.quarentena_global} gives {@code
   * main.crm.quarentena_bloqueios}).
   *
   * @param table a table name
   * @return the view's name
   * @throws IllegalArgumentException for a path (a path has no schema to hold a view) or a bad name
   */
  public static String viewBeside(String table) {
    Errors.checkNotNull(table, "table");
    String name = table.strip();
    if (isPath(name)) {
      throw new IllegalArgumentException(
          "the table '"
              + name
              + "' is a path: a path has no schema to hold a view beside it. Create a temporary"
              + " view in the session (createTemporaryView), or register the table by name");
    }
    List<String> parts = nameParts(name);
    parts.set(parts.size() - 1, DEFAULT_VIEW);
    return String.join(".", parts);
  }

  /**
   * The view's query, without a statement around it: for engines and tools that take a SELECT.
   *
   * @return the SELECT (a {@code WITH ... SELECT})
   */
  public String select() {
    String known = knownChannels();
    StringBuilder sql = new StringBuilder();
    sql.append("WITH entradas AS (\n")
        .append("  SELECT id_cliente, canal, data_envio, saida_prevista, data_carga\n")
        .append("  FROM ")
        .append(table)
        .append('\n')
        .append("  WHERE data_carga = ")
        .append(
            loadDate == null
                ? "(SELECT max(data_carga) FROM " + table + ")"
                : "DATE '" + loadDate + "'")
        .append('\n')
        .append("    AND (saida_prevista IS NULL OR saida_prevista >= data_carga)\n")
        .append("),\n")
        .append("regras AS (\n")
        .append("  SELECT * FROM VALUES\n");
    List<String> rows = new ArrayList<>();
    for (QuarantineRule rule : policy.rules()) {
      String exempt = categories(rule);
      for (Channel outbound : policy.channels()) {
        if (rule.scope().covers(outbound)) {
          rows.add(
              "    ("
                  + literal(rule.channel().id())
                  + ", "
                  + literal(outbound.id())
                  + ", "
                  + literal(kind(rule))
                  + ", "
                  + literal(rule.describe())
                  + ", "
                  + exempt
                  + ")");
        }
      }
    }
    sql.append(String.join(",\n", rows))
        .append("\n    AS regras(canal_origem, canal, tipo_regra, regra, categorias_isentas)\n")
        .append("),\n")
        .append("canais AS (\n")
        .append("  SELECT * FROM VALUES ");
    List<String> channels = new ArrayList<>();
    for (Channel c : policy.channels()) {
      channels.add("(" + literal(c.id()) + ")");
    }
    sql.append(String.join(", ", channels))
        .append(" AS canais(canal)\n")
        .append(")\n")
        .append("SELECT e.id_cliente, r.canal, e.canal AS canal_origem, r.tipo_regra, r.regra,\n")
        .append("       e.data_envio AS bloqueado_desde, e.saida_prevista AS bloqueado_ate,\n")
        .append("       r.categorias_isentas, e.data_carga\n")
        .append("FROM entradas e JOIN regras r ON r.canal_origem = e.canal\n")
        .append("UNION ALL\n")
        .append("SELECT e.id_cliente, c.canal, e.canal AS canal_origem, 'no-rule' AS tipo_regra,\n")
        .append(
            "       concat(e.canal, ': no rule in the policy, blocks every channel until its last"
                + " day') AS regra,\n")
        .append("       e.data_envio AS bloqueado_desde, e.saida_prevista AS bloqueado_ate,\n")
        .append("       ")
        .append(NO_CATEGORIES)
        .append(" AS categorias_isentas, e.data_carga\n")
        .append("FROM entradas e CROSS JOIN canais c\n")
        .append("WHERE e.canal NOT IN (")
        .append(known)
        .append(')');
    return sql.toString();
  }

  /**
   * {@code CREATE OR REPLACE VIEW <name> COMMENT '...' AS <select>}: a view in a catalog or
   * metastore.
   *
   * @param viewName the view's name (one, two or three parts), for example from {@link
   *     #viewBeside(String)}
   * @return the statement
   * @throws IllegalArgumentException if the name is not one
   */
  public String createView(String viewName) {
    return "CREATE OR REPLACE VIEW " + viewName(viewName) + comment() + " AS\n" + select();
  }

  /**
   * {@code CREATE OR REPLACE TEMPORARY VIEW <name> AS <select>}: a view of the session only, for a
   * table addressed by path or a notebook without rights to create views.
   *
   * @param viewName the view's name, one part
   * @return the statement
   * @throws IllegalArgumentException if the name is not one part
   */
  public String createTemporaryView(String viewName) {
    String name = viewName(viewName);
    if (nameParts(name).size() != 1) {
      throw Errors.invalid(
          "temporary view name", viewName, "one name part, for example " + DEFAULT_VIEW);
    }
    return "CREATE OR REPLACE TEMPORARY VIEW " + name + " AS\n" + select();
  }

  /**
   * A SQL expression for text normalized as every engine of the library compares keys: {@link
   * TextTrim trimmed} at both ends (white space and invisible characters, not only spaces).
   *
   * @param sqlExpression a string expression, for example {@code a.id_cliente}
   * @return {@code trim(BOTH <characters> FROM <expression>)}
   */
  public static String trimmed(String sqlExpression) {
    Errors.checkNotBlank(sqlExpression, "SQL expression");
    return "trim(BOTH " + hexText(TextTrim.characters()) + " FROM " + sqlExpression + ")";
  }

  /**
   * A SQL expression for a send's category in the form {@code categorias_isentas} holds: trimmed,
   * lower-case, and {@code ''} for NULL (blank is never exempt), so that {@code NOT
   * array_contains(b.categorias_isentas, <this>)} is never NULL.
   *
   * @param sqlExpression a string expression, for example {@code a.categoria} or {@code 'promo'}
   * @return the expression
   */
  public static String category(String sqlExpression) {
    return "coalesce(lower(" + trimmed(sqlExpression) + "), '')";
  }

  /**
   * The policy.
   *
   * @return the policy
   */
  public QuarantinePolicy policy() {
    return policy;
  }

  @Override
  public String toString() {
    return "PolicySql[" + policy.name() + " over " + table + "]";
  }

  private String comment() {
    String text =
        "Quarentena: policy "
            + policy.name()
            + " as blocked channels, generated from its rules; replaced after each load, do not"
            + " edit";
    StringBuilder safe = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c >= ' ' && c < 0x7f && c != '\'' && c != '\\') {
        safe.append(c);
      }
    }
    return " COMMENT '" + safe + "'";
  }

  private String knownChannels() {
    List<String> ids = new ArrayList<>();
    for (Channel c : policy.channels()) {
      ids.add(literal(c.id()));
    }
    return String.join(", ", ids);
  }

  private static String categories(QuarantineRule rule) {
    if (rule.exemptCategories().isEmpty()) {
      return NO_CATEGORIES;
    }
    List<String> out = new ArrayList<>();
    for (String c : new TreeSet<>(rule.exemptCategories())) {
      out.add(literal(c));
    }
    return "array(" + String.join(", ", out) + ")";
  }

  private static String kind(QuarantineRule rule) {
    if (rule instanceof QuarantineRule.FixedPeriod) {
      return PolicyProperties.FIXED;
    }
    if (rule instanceof QuarantineRule.FrequencyCap) {
      return PolicyProperties.CAP;
    }
    return PolicyProperties.OPEN;
  }

  /**
   * A string literal that reads the same whatever the engine's escaping settings: plain ASCII
   * between quotes, anything else (a quote, a backslash, a control or non-ASCII character) as the
   * UTF-8 bytes of a binary literal cast to text.
   */
  static String literal(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < ' ' || c >= 0x7f || c == '\'' || c == '\\') {
        return hexText(value);
      }
    }
    return "'" + value + "'";
  }

  private static String hexText(String value) {
    return "CAST(X'"
        + HexFormat.of().withUpperCase().formatHex(value.getBytes(StandardCharsets.UTF_8))
        + "' AS STRING)";
  }

  private static boolean isPath(String location) {
    return location.contains("/") || location.contains("\\");
  }

  private static String tableReference(String table) {
    Errors.checkNotNull(table, "table");
    String location = table.strip();
    if (location.isEmpty()) {
      throw Errors.invalid(
          "quarantine table", table, "a name (catalog.schema.table) or a path (with a /)");
    }
    if (isPath(location)) {
      return "delta.`" + location.replace("`", "``") + "`";
    }
    return String.join(".", nameParts(location));
  }

  private static String viewName(String viewName) {
    Errors.checkNotNull(viewName, "view name");
    return String.join(".", nameParts(viewName.strip()));
  }

  /** The parts of a name, each as written (quoted parts keep their backticks). */
  private static List<String> nameParts(String name) {
    if (!TABLE_NAME.matcher(name).matches()) {
      throw Errors.invalid(
          "table or view name",
          name,
          "one to three parts of letters, digits and '_' separated by '.', each part may be"
              + " quoted with backticks (for example main.crm.quarentena_global)");
    }
    List<String> parts = new ArrayList<>();
    var m = NAME_PART.matcher(name);
    while (m.find()) {
      parts.add(m.group());
    }
    return parts;
  }
}
