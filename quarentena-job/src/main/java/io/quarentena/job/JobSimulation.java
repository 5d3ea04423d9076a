package io.quarentena.job;

import static io.quarentena.spark.TableColumns.CATEGORY;
import static io.quarentena.spark.TableColumns.CHANNEL;
import static io.quarentena.spark.TableColumns.CONTACT_DATE;
import static io.quarentena.spark.TableColumns.EMAIL;
import static io.quarentena.spark.TableColumns.ID;
import static io.quarentena.spark.TableColumns.LAST_DAY;
import static io.quarentena.spark.TableColumns.LOAD_DATE;
import static io.quarentena.spark.TableColumns.PHONE;
import static io.quarentena.spark.TableColumns.REVOKED_ON;
import static io.quarentena.spark.TableColumns.SEND_ID;
import static io.quarentena.spark.TableColumns.SUBJECT;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.quarentena.Channel;
import io.quarentena.QuarantinePolicy;
import io.quarentena.QuarantineRule;
import io.quarentena.connectors.SecretProvider;
import io.quarentena.connectors.SecretProviders;
import io.quarentena.job.internal.SourceReader;
import io.quarentena.simulation.CustomerChange;
import io.quarentena.simulation.DecisionCount;
import io.quarentena.simulation.ForecastDay;
import io.quarentena.simulation.PolicySimulation;
import io.quarentena.simulation.SimulationReport;
import io.quarentena.simulation.SimulationResult;
import io.quarentena.spark.Messages;
import io.quarentena.spark.QuarantineTable;
import io.quarentena.spark.StandardPlans;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF5;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's simulation mode ({@code --simulate <candidate policy file>}): evaluates the configured
 * policy and a candidate on the same sources and load date, in one scan of each source, and writes
 * no quarantine, rejects, history or runs table. It writes instead, beside the output table, the
 * per-customer rows ({@code <output>_simulacao}: both decisions and the reason) and the per-day
 * forecast ({@code <output>_previsao}), as Delta tables when the output is a table name and as CSV
 * when it is a path; a self-contained HTML report; and the summary on the console.
 *
 * <pre>
 * spark-submit --class io.quarentena.job.QuarantineJob quarentena-job-bundle.jar \
 *   --config job.conf --as-of 2024-05-28 --simulate candidate.conf [--report simulacao.html]
 * </pre>
 *
 * <p>The candidate file holds a job file's policy section and nothing else: {@code quarentena {
 * policy { rule.Marketing.days = 5 } }}. From code:
 *
 * <pre>{@code
 * SimulationResult r = JobSimulation.run(spark,
 *     "--config", "job.conf", "--as-of", "2024-05-28", "--simulate", "candidate.conf");
 * }</pre>
 *
 * <p>How it meets the volume of a real run: each source is standardized once, with the channels of
 * both policies, and the rows either policy needs are persisted; both policies' entries are
 * computed from those rows and joined per customer and channel in Spark, where each row's change
 * and reason are computed by the core's own definition ({@link CustomerChange.Change#between}) and
 * the rows are written to the table. Only counts per channel and pair of decisions ({@link
 * DecisionCount}, a few hundred rows) and the first {@link SimulationReport#MAX_CUSTOMER_ROWS}
 * changed rows reach the driver, where {@link PolicySimulation#summarize} makes the summary, the
 * forecast and the report.
 */
public final class JobSimulation {

  private static final Logger LOG = LoggerFactory.getLogger(JobSimulation.class);

  static final String USAGE =
      "usage: QuarantineJob --config <file> --simulate <candidate policy file> [--as-of YYYY-MM-DD]\n"
          + "                     [--report <file.html>] [--horizon-days N]\n"
          + "  --simulate      the candidate policy: quarentena { policy { ... } }, the keys of the\n"
          + "                  job file's policy section; nothing is written to the job's tables\n"
          + "  --report        the HTML report (default: beside the output, <output>_simulacao.html,\n"
          + "                  or simulacao-<load date>.html here when the output is a table name)\n"
          + "  --horizon-days  days of forecast after the load date (default 30)";

  /** The suffix of the per-customer table beside the output table. */
  public static final String CUSTOMERS_SUFFIX = "simulacao";

  /** The suffix of the per-day forecast table beside the output table. */
  public static final String FORECAST_SUFFIX = "previsao";

  /** Columns of the per-customer rows. */
  static final String CHANGE = "mudanca";

  static final String BLOCKED_NOW = "bloqueado_atual";
  static final String LAST_DAY_NOW = "saida_prevista_atual";
  static final String BLOCKED_CANDIDATE = "bloqueado_candidata";
  static final String LAST_DAY_CANDIDATE = "saida_prevista_candidata";
  static final String REASON = "motivo";

  /** The persisted struct of what the entries read, set on the rows either policy needs. */
  private static final String ENTRY = "_entry";

  private static final List<String> ENTRY_COLUMNS =
      List.of(ID, EMAIL, PHONE, SUBJECT, CATEGORY, CONTACT_DATE, REVOKED_ON, SEND_ID);

  private static final StructType FORECAST_SCHEMA =
      new StructType()
          .add(CHANNEL, DataTypes.StringType, false)
          .add("dia", DataTypes.IntegerType, false)
          .add("data", DataTypes.DateType, false)
          .add("bloqueados_atual", DataTypes.LongType, false)
          .add("bloqueados_candidata", DataTypes.LongType, false)
          .add(LOAD_DATE, DataTypes.DateType, false);

  private final SparkSession spark;
  private final JobConfig config;
  private final QuarantinePolicy candidate;
  private final SecretProvider secrets;
  private final int horizonDays;
  private final @Nullable String report;

  private JobSimulation(Builder b) {
    this.spark = b.spark;
    this.config = b.config;
    this.candidate = b.candidate;
    this.secrets = b.secrets;
    this.horizonDays = b.horizonDays;
    this.report = b.report;
  }

  /**
   * The typed way to simulate from code.
   *
   * <pre>{@code
   * SimulationResult r = JobSimulation.builder(spark, JobFile.load(Path.of("job.conf")), candidate)
   *     .report("/tmp/simulacao.html")
   *     .build()
   *     .run(LocalDate.parse("2024-05-28"));
   * }</pre>
   *
   * @param spark the session (never stopped)
   * @param config the job's configuration: its sources, zone, output table and current policy
   * @param candidate the candidate policy
   * @return a builder: default secrets, a 30-day horizon, the default report location
   */
  public static Builder builder(SparkSession spark, JobConfig config, QuarantinePolicy candidate) {
    return new Builder(spark, config, candidate);
  }

  /** Builds a {@link JobSimulation}. */
  public static final class Builder {
    private final SparkSession spark;
    private final JobConfig config;
    private final QuarantinePolicy candidate;
    private SecretProvider secrets = SecretProviders.defaults();
    private int horizonDays = PolicySimulation.DEFAULT_HORIZON_DAYS;
    private @Nullable String report;

    private Builder(SparkSession spark, JobConfig config, QuarantinePolicy candidate) {
      this.spark = Objects.requireNonNull(spark, "spark");
      this.config = Objects.requireNonNull(config, "config");
      this.candidate = Objects.requireNonNull(candidate, "candidate policy");
    }

    /**
     * Where {@code secret:} references of the sources' connections are resolved.
     *
     * @param secrets the provider
     * @return this builder
     */
    public Builder secrets(SecretProvider secrets) {
      this.secrets = Objects.requireNonNull(secrets, "secrets");
      return this;
    }

    /**
     * The forecast horizon.
     *
     * @param days days after the load date, 0 to 3660
     * @return this builder
     */
    public Builder horizonDays(int days) {
      PolicySimulation.of(config.policy(), candidate).horizonDays(days); // checks the range
      this.horizonDays = days;
      return this;
    }

    /**
     * Where the HTML report is written: a local path or a Hadoop URI.
     *
     * @param location the file
     * @return this builder
     */
    public Builder report(String location) {
      this.report = Objects.requireNonNull(location, "report location");
      return this;
    }

    /**
     * The simulation.
     *
     * @return the simulation, ready to run
     */
    public JobSimulation build() {
      return new JobSimulation(this);
    }
  }

  /**
   * Simulates on a session from the job's arguments.
   *
   * @param spark the session
   * @param args {@code --config <file> --simulate <file> [--as-of YYYY-MM-DD] [--report <file>]
   *     [--horizon-days N]}
   * @return the result (its {@code customers()} are the first changed rows; every row is in the
   *     per-customer table)
   * @throws IllegalArgumentException on bad arguments, configuration or candidate policy
   */
  public static SimulationResult run(SparkSession spark, String... args) {
    return run(spark, Clock.systemUTC(), args);
  }

  static SimulationResult run(SparkSession spark, Clock clock, String... args) {
    String configLocation = null;
    String candidateLocation = null;
    String asOf = null;
    String report = null;
    Integer horizon = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--config" -> configLocation = value(args, ++i, arg);
        case "--simulate" -> candidateLocation = value(args, ++i, arg);
        case "--as-of" -> asOf = value(args, ++i, arg);
        case "--report" -> report = value(args, ++i, arg);
        case "--horizon-days" -> horizon = days(value(args, ++i, arg));
        default -> throw new IllegalArgumentException("unknown argument '" + arg + "'\n" + USAGE);
      }
    }
    if (configLocation == null || candidateLocation == null) {
      throw new IllegalArgumentException(
          (configLocation == null ? "--config" : "--simulate") + " is required\n" + USAGE);
    }
    LocalDate given = asOf == null ? null : QuarantineJob.parseDate(asOf);
    JobConfig config = QuarantineJob.loadConfig(spark, configLocation);
    QuarantinePolicy candidate =
        JobFile.candidatePolicy(
            QuarantineJob.readText(spark, candidateLocation, "candidate policy file"),
            "candidate policy file " + candidateLocation);
    LocalDate loadDate = given != null ? given : QuarantineJob.today(config, clock);
    Builder b = builder(spark, config, candidate);
    if (horizon != null) {
      b.horizonDays(horizon);
    }
    if (report != null) {
      b.report(report);
    }
    return b.build().run(loadDate);
  }

  /**
   * Runs the simulation for a load date: reads every source once, writes the per-customer and
   * forecast rows and the report, prints the summary.
   *
   * @param loadDate the load date both policies are evaluated on
   * @return the result; its {@code customers()} are the first changed rows
   * @throws IllegalStateException naming the source, when a source cannot be read (a simulation
   *     carries nothing forward)
   */
  public SimulationResult run(LocalDate loadDate) {
    QuarantinePolicy current = config.policy();
    PolicySimulation simulation = PolicySimulation.of(current, candidate).horizonDays(horizonDays);
    LOG.info(
        "Simulation for {}: current policy '{}', candidate '{}', {} sources; the job's tables are"
            + " not written",
        loadDate,
        current.name(),
        candidate.name(),
        config.sources().size());
    Dataset<Row> needed = neededRows(loadDate, current).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> compared = null;
    try {
      long rows = needed.count(); // the one scan of every source
      LOG.info("Simulation: {} source rows read", rows);
      Dataset<Row> entryRows =
          needed.where(col(ENTRY).isNotNull()).select(entryColumns().toArray(new Column[0]));
      compared = compare(entryRows, loadDate, current).persist(StorageLevel.MEMORY_AND_DISK());

      List<DecisionCount> counts = counts(compared);
      List<CustomerChange> firstChanged = firstChanged(compared, current);
      SimulationResult result = simulation.summarize(loadDate, counts, firstChanged);

      String customersAt = beside(CUSTOMERS_SUFFIX);
      String forecastAt = beside(FORECAST_SUFFIX);
      write(compared, customersAt, false);
      write(forecastRows(result), forecastAt, true);
      String reportAt = report != null ? report : defaultReport(loadDate);
      writeText(reportAt, SimulationReport.html(result));

      System.out.print(result.summary());
      System.out.println(
          "  per-customer rows: "
              + customersAt
              + "\n  forecast rows: "
              + forecastAt
              + "\n  report: "
              + reportAt);
      return result;
    } finally {
      if (compared != null) {
        compared.unpersist(false);
      }
      needed.unpersist(false);
    }
  }

  /** Every source standardized once, with the entry columns on the rows either policy needs. */
  private Dataset<Row> neededRows(LocalDate loadDate, QuarantinePolicy current) {
    // Standardized with the channels of both policies: a row of a channel only the candidate
    // knows is accepted here and counted by the candidate alone.
    QuarantinePolicy.Builder both = QuarantinePolicy.builder(current.name()).rules(current.rules());
    for (QuarantineRule r : candidate.rules()) {
      if (current.findRule(r.channel()).isEmpty()) {
        both.rule(r);
      }
    }
    QuarantinePolicy known = both.build();
    Column needed =
        neededBy(current, loadDate).or(neededBy(candidate, loadDate)); // null when neither
    List<Column> struct = new ArrayList<>();
    ENTRY_COLUMNS.forEach(c -> struct.add(col(c)));
    SourceReader reader = new SourceReader(spark, config.stagingDir(), loadDate, secrets);
    Dataset<Row> all = null;
    for (JobConfig.Source source : config.sources()) {
      Dataset<Row> raw;
      try {
        raw = reader.read(source);
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            Messages.sentences(
                "source '"
                    + source.spec().name()
                    + "' cannot be read: "
                    + Messages.clause(e.getMessage()),
                "A simulation needs every source, and carries no channel forward"),
            e);
      }
      Dataset<Row> rows =
          StandardPlans.checked(source.spec(), raw, known, loadDate, config.zone())
              .select(
                  col(CHANNEL),
                  when(coalesce(needed, lit(false)), struct(struct.toArray(new Column[0])))
                      .as(ENTRY));
      all = all == null ? rows : all.union(rows);
    }
    return Objects.requireNonNull(all, "a job has at least one source");
  }

  private static Column neededBy(QuarantinePolicy policy, LocalDate loadDate) {
    return inPolicy(policy).and(StandardPlans.needed(policy, loadDate));
  }

  private static Column inPolicy(QuarantinePolicy policy) {
    return col(CHANNEL).isin(policy.channels().stream().map(Channel::id).toArray());
  }

  private static List<Column> entryColumns() {
    List<Column> columns = new ArrayList<>();
    columns.add(col(CHANNEL));
    ENTRY_COLUMNS.forEach(c -> columns.add(col(ENTRY).getField(c).as(c)));
    return columns;
  }

  /**
   * Both policies' entries joined per customer and channel, with the change and the reason: the
   * per-customer rows.
   */
  private Dataset<Row> compare(
      Dataset<Row> entryRows, LocalDate loadDate, QuarantinePolicy current) {
    Dataset<Row> was =
        StandardPlans.entries(entryRows.where(inPolicy(current)), current, loadDate)
            .select(col(ID), col(CHANNEL), col(LAST_DAY).as(LAST_DAY_NOW), lit(true).as("_a"));
    Dataset<Row> now =
        StandardPlans.entries(entryRows.where(inPolicy(candidate)), candidate, loadDate)
            .select(
                col(ID).as("_id"),
                col(CHANNEL).as("_canal"),
                col(LAST_DAY).as(LAST_DAY_CANDIDATE),
                lit(true).as("_b"));
    Dataset<Row> joined =
        was.join(now, col(ID).equalTo(col("_id")).and(col(CHANNEL).equalTo(col("_canal"))), "full");
    Decisions decisions = new Decisions(current, candidate);
    UserDefinedFunction change =
        udf(
            (UDF5<String, Boolean, Object, Boolean, Object, String>)
                (c, a, x, b, y) -> decisions.change(c, a, x, b, y).change().name(),
            DataTypes.StringType);
    UserDefinedFunction reason =
        udf(
            (UDF5<String, Boolean, Object, Boolean, Object, String>)
                (c, a, x, b, y) -> decisions.change(c, a, x, b, y).reason(),
            DataTypes.StringType);
    Column[] decided = {
      col(CHANNEL),
      col(BLOCKED_NOW),
      col(LAST_DAY_NOW),
      col(BLOCKED_CANDIDATE),
      col(LAST_DAY_CANDIDATE)
    };
    return joined
        .select(
            coalesce(col(ID), col("_id")).as(ID),
            coalesce(col(CHANNEL), col("_canal")).as(CHANNEL),
            coalesce(col("_a"), lit(false)).as(BLOCKED_NOW),
            col(LAST_DAY_NOW),
            coalesce(col("_b"), lit(false)).as(BLOCKED_CANDIDATE),
            col(LAST_DAY_CANDIDATE))
        .select(
            col(ID),
            col(CHANNEL),
            change.apply(decided).as(CHANGE),
            col(BLOCKED_NOW),
            col(LAST_DAY_NOW),
            col(BLOCKED_CANDIDATE),
            col(LAST_DAY_CANDIDATE),
            reason.apply(decided).as(REASON),
            lit(loadDate).as(LOAD_DATE));
  }

  /** The customers per channel and pair of decisions: few rows, whatever the customers. */
  private static List<DecisionCount> counts(Dataset<Row> compared) {
    List<DecisionCount> out = new ArrayList<>();
    for (Row r :
        compared
            .groupBy(
                col(CHANNEL),
                col(BLOCKED_NOW),
                col(LAST_DAY_NOW),
                col(BLOCKED_CANDIDATE),
                col(LAST_DAY_CANDIDATE))
            .count()
            .collectAsList()) {
      out.add(
          new DecisionCount(
              Channel.of(r.getString(0)),
              r.getBoolean(1),
              Decisions.date(r.get(2)),
              r.getBoolean(3),
              Decisions.date(r.get(4)),
              r.getLong(5)));
    }
    return out;
  }

  /** The first changed rows, by channel then customer, for the report. */
  private List<CustomerChange> firstChanged(Dataset<Row> compared, QuarantinePolicy current) {
    Decisions decisions = new Decisions(current, candidate);
    List<CustomerChange> out = new ArrayList<>();
    for (Row r :
        compared
            .where(col(CHANGE).notEqual(lit(CustomerChange.Change.UNCHANGED.name())))
            .orderBy(col(CHANNEL), col(ID))
            .limit(SimulationReport.MAX_CUSTOMER_ROWS)
            .collectAsList()) {
      CustomerChange c =
          decisions.change(r.getString(1), r.getBoolean(3), r.get(4), r.getBoolean(5), r.get(6));
      out.add(
          new CustomerChange(r.getString(0), c.channel(), c.current(), c.candidate(), c.change()));
    }
    out.sort(
        Comparator.comparing(CustomerChange::channel).thenComparing(CustomerChange::customerId));
    return out;
  }

  private Dataset<Row> forecastRows(SimulationResult result) {
    List<Row> rows = new ArrayList<>();
    for (ForecastDay f : result.forecast()) {
      rows.add(
          RowFactory.create(
              f.channel().id(),
              f.day(),
              java.sql.Date.valueOf(f.date()),
              f.current(),
              f.candidate(),
              java.sql.Date.valueOf(result.loadDate())));
    }
    return spark.createDataFrame(rows, FORECAST_SCHEMA);
  }

  /** A table beside the output: {@code <output>_<suffix>}, or {@code <output>/<suffix>}. */
  private String beside(String suffix) {
    String output = config.outputTable();
    return output + (output.endsWith("/") ? suffix : "_" + suffix);
  }

  private String defaultReport(LocalDate loadDate) {
    return QuarantineTable.isPath(config.outputTable())
        ? beside(CUSTOMERS_SUFFIX) + ".html"
        : "simulacao-" + loadDate + ".html";
  }

  /** Replaces a table's rows: Delta for a table name, CSV with a header for a path. */
  private void write(Dataset<Row> rows, String location, boolean oneFile) {
    if (QuarantineTable.isPath(location)) {
      (oneFile ? rows.coalesce(1) : rows)
          .write()
          .mode("overwrite")
          .option("header", "true")
          .csv(location);
    } else {
      rows.write()
          .format("delta")
          .mode("overwrite")
          .option("overwriteSchema", "true")
          .saveAsTable(location);
    }
    LOG.info("Simulation rows written to {}", location);
  }

  private void writeText(String location, String text) {
    Path path = new Path(location);
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (OutputStream out = fs.create(path, true)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the simulation report to " + location, e);
    }
    LOG.info("Simulation report written to {}", location);
  }

  private static int days(String text) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--horizon-days '" + text + "' is not a whole number of days, for example 30", e);
    }
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
    }
    return args[i];
  }

  /**
   * Both policies' decisions for a customer and channel, as the core makes them: what the UDFs ship
   * to the executors (the policies' names and rules in words, nothing else).
   */
  private static final class Decisions implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String current;
    private final String candidate;
    private final HashMap<String, String> currentRules = new HashMap<>();
    private final HashMap<String, String> candidateRules = new HashMap<>();

    Decisions(QuarantinePolicy current, QuarantinePolicy candidate) {
      this.current = current.name();
      this.candidate = candidate.name();
      current.rules().forEach(r -> currentRules.put(r.channel().id(), r.describe()));
      candidate.rules().forEach(r -> candidateRules.put(r.channel().id(), r.describe()));
    }

    CustomerChange change(
        String channel, boolean a, @Nullable Object x, boolean b, @Nullable Object y) {
      CustomerChange.Decision was =
          new CustomerChange.Decision(current, currentRules.get(channel), a, date(x));
      CustomerChange.Decision now =
          new CustomerChange.Decision(candidate, candidateRules.get(channel), b, date(y));
      return new CustomerChange(
          "", Channel.of(channel), was, now, CustomerChange.Change.between(was, now));
    }

    /** A DATE value as Spark hands it over: java.sql.Date, or LocalDate with the Java 8 API. */
    static @Nullable LocalDate date(@Nullable Object value) {
      if (value == null) {
        return null;
      }
      return value instanceof LocalDate d ? d : ((java.sql.Date) value).toLocalDate();
    }
  }
}
