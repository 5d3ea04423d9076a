package io.quarentena.spark.internal;

import static io.quarentena.spark.TableColumns.CATEGORY;
import static io.quarentena.spark.TableColumns.CHANNEL;
import static io.quarentena.spark.TableColumns.CONTACT_DATE;
import static io.quarentena.spark.TableColumns.DETAIL;
import static io.quarentena.spark.TableColumns.EMAIL;
import static io.quarentena.spark.TableColumns.ID;
import static io.quarentena.spark.TableColumns.PHONE;
import static io.quarentena.spark.TableColumns.RAW;
import static io.quarentena.spark.TableColumns.REASON;
import static io.quarentena.spark.TableColumns.REVOKED_ON;
import static io.quarentena.spark.TableColumns.SEND_ID;
import static io.quarentena.spark.TableColumns.SOURCE;
import static io.quarentena.spark.TableColumns.SUBJECT;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.spark_partition_id;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import io.quarentena.Channel;
import io.quarentena.QuarantinePolicy;
import io.quarentena.RejectReason;
import io.quarentena.spark.SourceSpec;
import io.quarentena.spark.TableColumns;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.jspecify.annotations.Nullable;

/**
 * One source's rows as standard rows, one output row per input row (nothing is dropped here): the
 * standard columns, and for a row that cannot be used its reason, a detail and its raw values as
 * JSON. The schema is {@link #SCHEMA_NAMES}.
 */
public final class Standardizer {

  /** The standard values of a row, in order: the columns of {@link #accepted} rows. */
  private static final List<String> VALUE_NAMES =
      List.of(
          SOURCE, CHANNEL, ID, EMAIL, PHONE, SUBJECT, CATEGORY, CONTACT_DATE, REVOKED_ON, SEND_ID);

  /** The columns of a standardized row, in order. */
  public static final List<String> SCHEMA_NAMES =
      Stream.concat(VALUE_NAMES.stream(), Stream.of(REASON, DETAIL, RAW)).toList();

  /**
   * The column of {@link #checked} rows holding a reject's raw values as a struct of the source's
   * columns (null on accepted rows).
   */
  public static final String RAW_STRUCT = "_q_raw";

  /**
   * The column of {@link #checked} rows that is true when one of the row's text values holds
   * U+FFFD, the replacement character a reader puts where bytes are not valid in the charset it
   * decodes with (a Latin-1 file read as UTF-8). Counted per source in the run summary.
   */
  public static final String REPLACED = "_q_replaced";

  /** U+FFFD, the replacement character. */
  static final String REPLACEMENT_CHARACTER = String.valueOf((char) 0xFFFD);

  /** The standard text values searched for {@link #REPLACEMENT_CHARACTER}. */
  static final List<String> TEXT_NAMES = List.of(ID, EMAIL, PHONE, SUBJECT, CATEGORY);

  private final QuarantinePolicy policy;
  private final LocalDate loadDate;
  private final ZoneId pipelineZone;

  /**
   * The standardizer of one run.
   *
   * @param policy the policy (its channels are the known ones)
   * @param loadDate the load date: the future-date check and the source filter depend on it
   * @param pipelineZone the zone timestamps are seen in, unless a spec names one
   */
  public Standardizer(QuarantinePolicy policy, LocalDate loadDate, ZoneId pipelineZone) {
    this.policy = policy;
    this.loadDate = loadDate;
    this.pipelineZone = pipelineZone;
  }

  /**
   * The policy.
   *
   * @return the policy the rows are checked against
   */
  public QuarantinePolicy policy() {
    return policy;
  }

  /**
   * The load date.
   *
   * @return the load date the rows are checked for
   */
  public LocalDate loadDate() {
    return loadDate;
  }

  /**
   * Standardizes one source: {@link #checked} with the raw values of a reject as JSON.
   *
   * @param spec the source's spec
   * @param raw the source's rows
   * @return the standardized rows, in {@link #SCHEMA_NAMES}
   * @throws IllegalArgumentException naming the source and the key, when a mapping, the filter or a
   *     column type does not fit the source
   */
  public Dataset<Row> standardize(SourceSpec spec, Dataset<Row> raw) {
    Dataset<Row> checked = checked(spec, raw);
    List<Column> columns = new ArrayList<>();
    for (String name : SCHEMA_NAMES) {
      columns.add(name.equals(RAW) ? rawJson(spec).as(RAW) : col(name));
    }
    return checked.select(columns.toArray(new Column[0]));
  }

  /**
   * The JSON of a reject's raw values, over rows from {@link #checked}: null on accepted rows.
   * Timestamps are written in the source's zone.
   *
   * @param spec the source's spec
   * @return a string column
   */
  public Column rawJson(SourceSpec spec) {
    ZoneId zone = spec.zone().orElse(pipelineZone);
    return to_json(col(RAW_STRUCT), Map.of("timeZone", zone.getId()));
  }

  /**
   * Standardizes one source, leaving a reject's raw values as a struct ({@link #RAW_STRUCT}, null
   * on accepted rows) for the caller to turn into JSON where it suits the plan: JSON is not
   * generated code, and writing it in the last projection keeps the rest of the plan in one
   * generated stage.
   *
   * <p>Two projections: the first computes every value and its checks once per row (a parsed date
   * is used by its value, its problem and the future-date check; in one projection Spark would
   * parse it again inside each branch of the reason's CASE WHEN, since it only shares expressions
   * evaluated on every row); the second picks the reason from those results.
   *
   * @param spec the source's spec
   * @param raw the source's rows
   * @return fonte, canal, id_cliente, email, telefone, assunto, categoria, data_envio, data_exclus,
   *     id_envio, motivo, detalhe, {@link #RAW_STRUCT} and {@link #REPLACED}
   * @throws IllegalArgumentException naming the source and the key, when a mapping, the filter or a
   *     column type does not fit the source
   */
  public Dataset<Row> checked(SourceSpec spec, Dataset<Row> raw) {
    SourcePlan plan = new SourcePlan(spec, raw);
    Dataset<Row> values = raw.select(plan.firstStage(plan.filter.orElse(lit(true))));
    Dataset<Row> withProblem = values.select(plan.secondStage(plan.replaced().as(REPLACED)));
    List<Column> out = valueColumns();
    out.add(col(PROBLEM).getField(REASON).as(REASON));
    out.add(col(PROBLEM).getField(DETAIL).as(DETAIL));
    out.add(when(col(PROBLEM).isNotNull(), col(RAW_STRUCT)).as(RAW_STRUCT));
    out.add(col(REPLACED));
    return withProblem.select(out.toArray(new Column[0]));
  }

  /**
   * The accepted rows of one source, for a run that reads them once and persists nothing: the rows
   * of {@link #checked} without a reject reason, and without the columns only rejects use.
   *
   * <p>Spark pushes a filter through every deterministic projection below it and writes the
   * projected expressions into the filter; a filter's generated code does not share repeated
   * expressions (a projection's does). The reason's checks would then parse a text date up to three
   * times in the filter and once more in the projection. So the first stage carries a
   * nondeterministic marker ({@code spark_partition_id()}, which reads an int the task already
   * holds) and the filter tests it: Spark keeps the filter above the first stage, which computes
   * each value once, and the filter reads the results. The source filter is applied below the first
   * stage, where Spark can still push it into the scan (partition pruning, Parquet filters).
   *
   * @param spec the source's spec
   * @param raw the source's rows
   * @return fonte, canal, id_cliente, email, telefone, assunto, categoria, data_envio, data_exclus
   *     and id_envio
   * @throws IllegalArgumentException as {@link #checked}
   */
  public Dataset<Row> accepted(SourceSpec spec, Dataset<Row> raw) {
    SourcePlan plan = new SourcePlan(spec, raw);
    Dataset<Row> input = plan.filter.map(raw::where).orElse(raw);
    String barrier = plan.prefix + "barrier";
    Dataset<Row> values =
        input.select(plan.firstStage(lit(true), spark_partition_id().as(barrier)));
    Dataset<Row> withProblem = values.select(plan.secondStage(col(barrier)));
    return withProblem
        .where(col(PROBLEM).isNull().and(col(barrier).geq(lit(0))))
        .select(valueColumns().toArray(new Column[0]));
  }

  /** The column of the second stage holding the reason and its detail, null on accepted rows. */
  private static final String PROBLEM = "_problem";

  private static List<Column> valueColumns() {
    List<Column> out = new ArrayList<>();
    for (String name : VALUE_NAMES) {
      out.add(col(name));
    }
    return out;
  }

  /**
   * One source's standard values and checks as columns over its raw rows, resolved once: the
   * mapping, the constants and the filter are checked against the source's schema here, so a spec
   * that does not fit fails before any plan is built. {@link #checked} and {@link #accepted} are
   * two plans over the same columns.
   */
  private final class SourcePlan {
    private final SourceSpec spec;
    private final Dataset<Row> raw;

    /** A prefix no raw column starts with, for the first stage's columns. */
    private final String prefix;

    private final Column channel;
    private final Column channelProblem;
    private final ValueColumns.Checked id;
    private final ValueColumns.Checked sent;
    private final ValueColumns.Checked revoked;
    private final Column email;
    private final Column phone;
    private final Column subject;
    private final Column category;
    private final Column sendId;

    /** Whether a row passes the source filter (never null), when the spec has one. */
    private final Optional<Column> filter;

    /** The reader's column of records it could not parse, when it has one. */
    private final Optional<StructField> malformed;

    SourcePlan(SourceSpec spec, Dataset<Row> raw) {
      this.spec = spec;
      this.raw = raw;
      this.prefix = prefix(raw);
      String source = spec.name();
      ZoneId zone = spec.zone().orElse(pipelineZone);

      // The channel.
      if (spec.channel().isPresent()) {
        Channel fixed = spec.channel().get();
        try {
          policy.rule(fixed);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("source '" + source + "': " + e.getMessage(), e);
        }
        channel = lit(fixed.id());
        channelProblem = lit(null).cast(DataTypes.StringType);
      } else {
        String expression = spec.channelColumn().orElseThrow();
        Column resolved = resolve(raw, source, "channel column", expression);
        channel = ValueColumns.trimmed(resolved.cast(DataTypes.StringType));
        List<String> known = new RuleColumns(policy).channelIds();
        channelProblem =
            when(
                    channel.isNull().or(channel.equalTo(lit(""))),
                    lit("canal is missing (channel column " + expression + ")"))
                .when(
                    not(channel.isin(known.toArray())),
                    concat(
                        lit("canal '"),
                        channel,
                        lit(
                            "' has no rule in policy '"
                                + policy.name()
                                + "'; known channels: "
                                + String.join(", ", known))));
      }

      // The standard columns, with their source types.
      ValueColumns.Checked customer =
          Standardizer.checked(raw, spec, ID, (c, t) -> ValueColumns.customerId(c, t, ID), true);
      if (spec.idWidth().isPresent()) {
        customer = ValueColumns.fixedWidth(customer, spec.idWidth().getAsInt(), ID);
      }
      id = customer;
      sent = date(raw, spec, zone, CONTACT_DATE, true);
      revoked = date(raw, spec, zone, REVOKED_ON, false);
      email = text(raw, spec, EMAIL);
      phone = text(raw, spec, PHONE);
      subject = text(raw, spec, SUBJECT);
      category = text(raw, spec, CATEGORY);
      sendId = ValueColumns.sendId(text(raw, spec, SEND_ID));

      if (spec.filter().isPresent()) {
        String sql =
            spec.filter().get().replace(SourceSpec.LOAD_DATE_TOKEN, "DATE'" + loadDate + "'");
        Column resolved = resolve(raw, source, "filter", sql);
        DataType type = raw.select(resolved).schema().fields()[0].dataType();
        if (!(type instanceof BooleanType)) {
          throw new IllegalArgumentException(
              "source '"
                  + source
                  + "': filter '"
                  + spec.filter().get()
                  + "' is of type "
                  + type.simpleString()
                  + "; expected a boolean expression such as \"to_date(data_base) = "
                  + SourceSpec.LOAD_DATE_TOKEN
                  + "\"");
        }
        filter = Optional.of(coalesce(resolved, lit(false)));
      } else {
        filter = Optional.empty();
      }
      malformed = MalformedRecords.column(raw.schema());
    }

    /**
     * Stage 1: every value and check once per row, beside the raw columns.
     *
     * @param kept whether the row passes the source filter
     * @param extra columns the plan adds at the end
     */
    Column[] firstStage(Column kept, Column... extra) {
      String p = prefix;
      List<Column> first = new ArrayList<>();
      first.add(col("*"));
      first.add(channel.as(p + CHANNEL));
      first.add(channelProblem.as(p + "channel_problem"));
      addChecked(first, p + ID, id);
      addChecked(first, p + CONTACT_DATE, sent);
      addChecked(first, p + REVOKED_ON, revoked);
      first.add(email.as(p + EMAIL));
      first.add(phone.as(p + PHONE));
      first.add(subject.as(p + SUBJECT));
      first.add(category.as(p + CATEGORY));
      first.add(sendId.as(p + SEND_ID));
      first.add(kept.as(p + "kept"));
      // A record the reader could not parse: its other columns are null or shifted, so it is
      // rejected for that before anything is read from them.
      malformed.ifPresent(f -> first.add(col(quote(f.name())).isNotNull().as(p + "malformed")));
      Collections.addAll(first, extra);
      return first.toArray(new Column[0]);
    }

    /**
     * Stage 2, over the first stage's rows: the standard values and the first reason that applies
     * ({@link #PROBLEM}), with the raw values as a struct.
     *
     * @param extra columns the plan adds at the end
     */
    Column[] secondStage(Column... extra) {
      String p = prefix;
      List<Column> rawColumns = new ArrayList<>();
      boolean carriesReadProblems = readProblems(raw);
      for (String name : raw.columns()) {
        if (!carriesReadProblems || !name.equals(TableColumns.READ_PROBLEM)) {
          rawColumns.add(col(quote(name)));
        }
      }
      List<Column> second = new ArrayList<>();
      Collections.addAll(
          second,
          lit(spec.name()).as(SOURCE),
          col(p + CHANNEL).as(CHANNEL),
          col(p + ID).as(ID),
          col(p + EMAIL).as(EMAIL),
          col(p + PHONE).as(PHONE),
          col(p + SUBJECT).as(SUBJECT),
          col(p + CATEGORY).as(CATEGORY),
          col(p + CONTACT_DATE).as(CONTACT_DATE),
          col(p + REVOKED_ON).as(REVOKED_ON),
          col(p + SEND_ID).as(SEND_ID),
          problem(carriesReadProblems).as(PROBLEM),
          struct(rawColumns.toArray(new Column[0])).as(RAW_STRUCT));
      Collections.addAll(second, extra);
      return second.toArray(new Column[0]);
    }

    /** The first reason that applies, in this order, with a sentence naming the value. */
    private Column problem(boolean carriesReadProblems) {
      String p = prefix;
      Column sentValue = col(p + CONTACT_DATE);
      Column excluded =
          reason(
              RejectReason.EXCLUDED_BY_SOURCE_FILTER,
              lit("excluded by the source filter: " + spec.filter().orElse("")));
      Column problem =
          (malformed.isPresent()
                  ? when(
                          col(p + "malformed"),
                          reason(
                              RejectReason.MALFORMED_RECORD,
                              lit(MalformedRecords.description(malformed.get()))))
                      .when(not(col(p + "kept")), excluded)
                  : when(not(col(p + "kept")), excluded))
              .when(
                  col(p + ID + MISSING),
                  reason(RejectReason.MISSING_CUSTOMER_ID, lit(ID + " is null or blank")))
              .when(
                  col(p + ID + INVALID).isNotNull(),
                  reason(RejectReason.INVALID_VALUE, col(p + ID + INVALID)))
              .when(
                  col(p + "channel_problem").isNotNull(),
                  reason(RejectReason.INVALID_VALUE, col(p + "channel_problem")))
              .when(
                  col(p + CONTACT_DATE + MISSING),
                  reason(
                      RejectReason.MISSING_CONTACT_DATE, lit(CONTACT_DATE + " is null or blank")))
              .when(
                  col(p + CONTACT_DATE + INVALID).isNotNull(),
                  reason(RejectReason.UNPARSEABLE_DATE, col(p + CONTACT_DATE + INVALID)))
              .when(
                  col(p + REVOKED_ON + INVALID).isNotNull(),
                  reason(RejectReason.UNPARSEABLE_DATE, col(p + REVOKED_ON + INVALID)))
              .when(
                  sentValue.gt(lit(loadDate)),
                  reason(
                      RejectReason.FUTURE_CONTACT_DATE,
                      concat(
                          lit(CONTACT_DATE + " "),
                          sentValue.cast(DataTypes.StringType),
                          lit(
                              " is after the load date "
                                  + loadDate
                                  + "; it counts from that day on"))));
      if (carriesReadProblems) {
        // A cell the reader could not read: the row is rejected before anything computed from it.
        Column read = col(TableColumns.READ_PROBLEM);
        problem = when(read.isNotNull(), read).otherwise(problem);
      }
      return problem;
    }

    /** Whether a standard text value of the row holds the replacement character. */
    Column replaced() {
      return Standardizer.replaced(prefix);
    }
  }

  /**
   * Whether the rows carry the reader's problems ({@link
   * io.quarentena.spark.TableColumns#READ_PROBLEM}).
   */
  private static boolean readProblems(Dataset<Row> raw) {
    for (org.apache.spark.sql.types.StructField f : raw.schema().fields()) {
      if (f.name().equals(TableColumns.READ_PROBLEM)) {
        return f.dataType().equals(TableColumns.READ_PROBLEM_TYPE);
      }
    }
    return false;
  }

  /**
   * Whether a standard text value of the row holds the replacement character: one byte search per
   * value, in the projection that already reads them, so the summary counts it without a scan.
   */
  private static Column replaced(String prefix) {
    Column any = lit(false);
    for (String name : TEXT_NAMES) {
      any = any.or(coalesce(col(prefix + name).contains(REPLACEMENT_CHARACTER), lit(false)));
    }
    return any;
  }

  /**
   * The warning for rows whose text holds the {@link #REPLACEMENT_CHARACTER}.
   *
   * @param rows rows with it
   * @param read rows read from the source
   * @return a sentence naming the {@code encoding} option
   */
  public static String replacementWarning(long rows, long read) {
    return rows
        + " of "
        + read
        + " rows have U+FFFD, the replacement character, in "
        + String.join(", ", TEXT_NAMES)
        + ": the source was decoded in the wrong character set and those characters are lost."
        + " For a Latin-1 export, set options.encoding = \"ISO-8859-1\" on the source (the"
        + " encoding option of Spark's CSV and JSON readers)";
  }

  /**
   * What is wrong with a source though every row may be accepted, found from its schema alone (no
   * row is read): an id column of a numeric type, which has lost the leading zeros of ids, when the
   * spec gives no {@link SourceSpec#idWidth() id width} to restore them.
   *
   * @param spec the source's spec
   * @param raw the source's rows
   * @return sentences, empty when nothing is wrong
   */
  public static List<String> warnings(SourceSpec spec, Dataset<Row> raw) {
    List<String> out = new ArrayList<>();
    if (spec.idWidth().isEmpty()) {
      DataType type = raw.select(sourceColumn(raw, spec, ID, true)).schema().fields()[0].dataType();
      if (ValueColumns.isNumeric(type)) {
        out.add(
            describe(spec, ID)
                + " is of type "
                + type.simpleString()
                + ": a number has no leading zeros, so an id such as 0012345678 arrives as"
                + " 12345678, another key than the same customer's in a source that keeps it as"
                + " text. Export the column as text, or give the source its ids' number of digits"
                + " (id-width = 10 pads 12345678 to 0012345678)");
      }
    }
    return out;
  }

  private static final String MISSING = "_missing";
  private static final String INVALID = "_problem";

  private static void addChecked(List<Column> columns, String name, ValueColumns.Checked c) {
    columns.add(c.value().as(name));
    columns.add(c.missing().as(name + MISSING));
    columns.add(c.problem().as(name + INVALID));
  }

  /** A prefix no raw column starts with, for the first stage's columns. */
  private static String prefix(Dataset<Row> raw) {
    String p = "_q_";
    boolean clash = true;
    while (clash) {
      clash = false;
      for (String c : raw.columns()) {
        if (c.startsWith(p)) {
          p = "_" + p;
          clash = true;
          break;
        }
      }
    }
    return p;
  }

  /**
   * Quotes a top-level column name for {@code col()}, so dots and spaces are not read as paths.
   *
   * @param name the column name
   * @return the name in backticks
   */
  public static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  private static Column reason(RejectReason reason, Column detail) {
    return struct(lit(reason.code()).as(REASON), detail.cast(DataTypes.StringType).as(DETAIL));
  }

  private interface Check {
    ValueColumns.Checked apply(Column column, DataType type);
  }

  private static ValueColumns.Checked checked(
      Dataset<Row> raw, SourceSpec spec, String target, Check check, boolean required) {
    Column source = sourceColumn(raw, spec, target, required);
    DataType type = raw.select(source).schema().fields()[0].dataType();
    try {
      return check.apply(source, type);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "source '" + spec.name() + "': " + describe(spec, target) + ": " + e.getMessage(), e);
    }
  }

  /** A date column of the source, parsed with the spec's formats in its zone. */
  private static ValueColumns.Checked date(
      Dataset<Row> raw, SourceSpec spec, ZoneId zone, String target, boolean required) {
    return checked(
        raw,
        spec,
        target,
        (c, t) -> ValueColumns.date(c, t, spec.dateFormats(), zone, target),
        required);
  }

  private static Column text(Dataset<Row> raw, SourceSpec spec, String target) {
    Column source = sourceColumn(raw, spec, target, false);
    DataType type = raw.select(source).schema().fields()[0].dataType();
    return ValueColumns.text(source, type);
  }

  /** The source column or expression that gives a standard column. */
  private static Column sourceColumn(
      Dataset<Row> raw, SourceSpec spec, String target, boolean required) {
    String mapped = spec.mapping().get(target);
    if (mapped != null) {
      return resolve(raw, spec.name(), "mapping of " + target, mapped);
    }
    String constant = spec.constants().get(target);
    if (constant != null) {
      return lit(constant);
    }
    String sameName = columnNamed(raw, target);
    if (sameName != null) {
      return col(quote(sameName));
    }
    if (required) {
      throw new IllegalArgumentException(
          "source '"
              + spec.name()
              + "': no column gives "
              + target
              + ": the source has no column '"
              + target
              + "' and the spec maps none to it. Source columns: "
              + List.of(raw.columns())
              + ". Map one, for example mapping { "
              + target
              + " = <source column> }");
    }
    return lit(null); // NullType: absent, every value null
  }

  private static String describe(SourceSpec spec, String target) {
    String mapped = spec.mapping().get(target);
    return mapped != null ? "mapping " + target + " = " + mapped : "column " + target;
  }

  private static @Nullable String columnNamed(Dataset<Row> raw, String name) {
    for (String c : raw.columns()) {
      if (c.toLowerCase(Locale.ROOT).equals(name)) {
        return c;
      }
    }
    return null;
  }

  /** Resolves a SQL expression against the source, turning analysis errors into clear ones. */
  private static Column resolve(Dataset<Row> raw, String source, String key, String sql) {
    Column column;
    try {
      column = expr(sql);
      raw.select(column).schema();
    } catch (Exception e) { // AnalysisException and ParseException are not declared by Scala
      throw new IllegalArgumentException(
          "source '"
              + source
              + "': "
              + key
              + " '"
              + sql
              + "' does not resolve against the source. Source columns: "
              + List.of(raw.columns())
              + ". Cause: "
              + firstLine(e.getMessage()),
          e);
    }
    return column;
  }

  private static String firstLine(@Nullable String message) {
    if (message == null) {
      return "(no message)";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
