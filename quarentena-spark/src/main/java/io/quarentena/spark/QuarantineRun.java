package io.quarentena.spark;

import static io.quarentena.spark.TableColumns.CHANNEL;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import io.quarentena.QuarantinePolicy;
import io.quarentena.QuarantineRule;
import io.quarentena.RejectReason;
import io.quarentena.spark.internal.EntryPlan;
import io.quarentena.spark.internal.StandardRows;
import io.quarentena.spark.internal.Standardizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One computation of the quarantine for a load date: the table's rows ({@link #entries()}), the
 * rejects ({@link #rejects()}) and the counts ({@link #summary()}), all derived from the same
 * persisted standard rows (the rows the entries need and the rejects; the other rows are counted
 * during the scan), so the sources are scanned once whatever is computed. Close it to release the
 * persisted rows.
 *
 * <pre>{@code
 * try (QuarantineRun run = pipeline.run(loadDate, inputs)) {
 *   QuarantineTable table = QuarantineTable.of(spark, "main.crm.quarentena_global");
 *   table.write(run.entries(), run.loadDate());
 *   RejectsTable.of(spark, "main.crm.quarentena_rejeitados").write(run.rejects(), run.loadDate());
 *   log.info("\n{}", run.summary(table).toTable());
 * }
 * }</pre>
 */
public final class QuarantineRun implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(QuarantineRun.class);

  private final QuarantinePolicy policy;
  private final LocalDate loadDate;
  private final List<SourceInput> inputs;
  private final Map<String, List<String>> warnings;
  private final StandardRows standard;
  private final Dataset<Row> entries;
  private final Dataset<Row> rejects;
  private @Nullable Counted counted;
  private @Nullable RunSummary summary;

  QuarantineRun(
      List<SourceInput> inputs, Map<String, List<String>> warnings, StandardRows standard) {
    this.policy = standard.policy();
    this.loadDate = standard.loadDate();
    this.inputs = List.copyOf(inputs);
    this.warnings = Map.copyOf(warnings);
    this.standard = standard;
    this.entries = EntryPlan.entries(standard.entryRows(), policy, loadDate);
    this.rejects = standard.rejects();
  }

  /**
   * The load date.
   *
   * @return the load date ({@code data_carga})
   */
  public LocalDate loadDate() {
    return loadDate;
  }

  /**
   * The policy applied.
   *
   * @return the policy
   */
  public QuarantinePolicy policy() {
    return policy;
  }

  /**
   * The table's rows for the load date: one per (id_cliente, canal) in quarantine, with the
   * columns, types and order of docs/rules.md.
   *
   * @return id_cliente, canal, email, telefone, assunto, data_envio, qtd_dias, saida_prevista,
   *     data_carga
   */
  public Dataset<Row> entries() {
    return entries;
  }

  /**
   * The rows that could not be used, with their source, reason code, a detail and the raw values as
   * JSON.
   *
   * @return fonte, canal, motivo, detalhe, valores, data_carga
   */
  public Dataset<Row> rejects() {
    return rejects;
  }

  /**
   * The history of the load date, for the companion table {@link HistoryTable}: the counted
   * contacts inside the window of every frequency cap of more than one contact, one row per
   * contact, for every customer, in quarantine or not. The same rows as {@code
   * policy.evaluate(contacts, loadDate).history()} in the core. Computed from the same rows as the
   * entries: writing both scans the sources once.
   *
   * @return id_cliente, canal, data_envio, id_envio, email, telefone, assunto, categoria,
   *     data_carga
   */
  public Dataset<Row> history() {
    return EntryPlan.history(standard.entryRows(), policy, loadDate);
  }

  /**
   * The rejects with the row's standard e-mail and phone, for PII minimisation of the raw values.
   *
   * @return the rejects' columns, then {@code email} and {@code telefone}
   */
  public Dataset<Row> rejectsWithContacts() {
    return standard.rejectsWithContacts();
  }

  /**
   * The entries as a batch suppression check, for filtering campaign audiences.
   *
   * @return the check
   */
  public SparkQuarantine quarantine() {
    return SparkQuarantine.of(policy, entries);
  }

  /**
   * What each source read, accepted and rejected, computed once (with {@link #summary()}): the
   * first call computes the run, the one scan of every source. The rejects are counted over the
   * persisted rows, the rows read and accepted as they were observed during the scans. A caller
   * that must look at the counts before it writes anything (the job's truncation guard) reads
   * these, then {@link #summary(QuarantineTable)} once the table is written. Each source's warnings
   * are logged as warnings.
   *
   * @return the sources, in the order they were given
   */
  public synchronized List<RunSummary.SourceCounts> sources() {
    return counted().sources();
  }

  /**
   * The counts per source and channel, and the entries per channel, computed once. The entries are
   * counted by an aggregation over {@link #entries()}, which computes them again when the table was
   * written first; a caller that wrote them to a table should ask {@link
   * #summary(QuarantineTable)}, which counts them in the table instead. It is not logged at INFO:
   * showing it is the caller's (the job prints it once, to its standard output), so nobody sees it
   * twice.
   *
   * @return the summary
   */
  public synchronized RunSummary summary() {
    if (summary == null) {
      summary = counted().withEntries(perChannel(entries));
      LOG.debug("\n{}", summary.toTable());
    }
    return summary;
  }

  /**
   * The summary of a run whose entries were written to {@code written}: as {@link #summary()}, but
   * the entries per channel are counted in the table's rows of this load date (the written files'
   * row counts), without computing the entries again.
   *
   * <pre>{@code
   * table.write(run.entries(), run.loadDate());
   * RunSummary summary = run.summary(table);
   * }</pre>
   *
   * @param written the table this run's entries were written to
   * @return the summary
   */
  public synchronized RunSummary summary(QuarantineTable written) {
    RunSummary s = counted().withEntries(perChannel(written.entries(loadDate)));
    LOG.debug("\n{}", s.toTable());
    return s;
  }

  /** Releases the persisted standard rows. The datasets stay usable but are recomputed. */
  @Override
  public void close() {
    standard.release();
  }

  /** Rows per channel. */
  private static Map<String, Long> perChannel(Dataset<Row> rows) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (Row r : rows.groupBy(col(CHANNEL)).agg(count(lit(1))).collectAsList()) {
      out.put(r.getString(0), r.getLong(1));
    }
    return out;
  }

  private Counted counted() {
    if (counted == null) {
      counted = computeCounts();
      for (RunSummary.SourceCounts s : counted.sources()) {
        if (s.withReplacementCharacter() > 0) {
          LOG.warn(
              "Source '{}': {}",
              s.source(),
              Standardizer.replacementWarning(s.withReplacementCharacter(), s.read()));
        }
      }
    }
    return counted;
  }

  /** The counts of the rows, per source and per channel: a summary but for the entries. */
  private record Counted(
      LocalDate loadDate,
      String policy,
      List<RunSummary.SourceCounts> sources,
      TreeMap<String, long[]> perChannel) {

    /** The summary, with the entries per channel. */
    RunSummary withEntries(Map<String, Long> entries) {
      TreeMap<String, long[]> all = new TreeMap<>(perChannel.comparator());
      perChannel.forEach((id, c) -> all.put(id, c.clone()));
      entries.forEach((id, n) -> all.computeIfAbsent(id, k -> new long[4])[3] += n);
      List<RunSummary.ChannelCounts> channels = new ArrayList<>();
      all.forEach(
          (id, c) -> channels.add(new RunSummary.ChannelCounts(id, c[0], c[1], c[2], c[3])));
      return new RunSummary(loadDate, policy, sources, channels);
    }
  }

  private Counted computeCounts() {
    StandardRows.Counts counts = standard.counts();

    Map<String, long[]> perSource = new LinkedHashMap<>(); // read, accepted, with U+FFFD
    Map<String, Map<RejectReason, Long>> rejectedPerSource = new LinkedHashMap<>();
    for (SourceInput input : inputs) {
      String name = input.spec().name();
      perSource.put(name, new long[] {0, 0, counts.replaced().getOrDefault(name, 0L)});
      rejectedPerSource.put(name, new EnumMap<>(RejectReason.class));
    }
    TreeMap<String, long[]> perChannel =
        new TreeMap<>(this::compareChannels); // read, acc, rej, held
    for (SourceInput input : inputs) {
      input.spec().channel().ifPresent(c -> perChannel.put(c.id(), new long[4]));
    }
    for (StandardRows.Cell cell : counts.cells()) {
      String channel = cell.channel() == null ? "(none)" : cell.channel();
      long n = cell.rows();
      long[] c = perChannel.computeIfAbsent(channel, k -> new long[4]);
      long[] s = perSource.get(cell.source());
      s[0] += n;
      c[0] += n;
      if (cell.reason() == null) {
        s[1] += n;
        c[1] += n;
      } else {
        rejectedPerSource
            .get(cell.source())
            .merge(RejectReason.valueOf(cell.reason()), n, Long::sum);
        c[2] += n;
      }
    }
    List<RunSummary.SourceCounts> sources = new ArrayList<>();
    for (SourceInput input : inputs) {
      String name = input.spec().name();
      long[] s = perSource.get(name);
      String channel =
          input
              .spec()
              .channel()
              .map(c -> c.id())
              .orElseGet(() -> "column " + input.spec().channelColumn().orElse("?"));
      List<String> warned = new ArrayList<>(warnings.getOrDefault(name, List.of()));
      if (s[2] > 0) {
        warned.add(Standardizer.replacementWarning(s[2], s[0]));
      }
      sources.add(
          new RunSummary.SourceCounts(
              name, channel, s[0], s[1], rejectedPerSource.get(name), s[2], warned));
    }
    return new Counted(loadDate, policy.name(), List.copyOf(sources), perChannel);
  }

  /** Policy channels first, in rule order; then any other value, alphabetically. */
  private int compareChannels(String a, String b) {
    int ia = indexOf(a);
    int ib = indexOf(b);
    if (ia != ib) {
      return Integer.compare(ia, ib);
    }
    return a.compareTo(b);
  }

  private int indexOf(String channel) {
    List<QuarantineRule> rules = policy.rules();
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).channel().id().equals(channel)) {
        return i;
      }
    }
    return Integer.MAX_VALUE;
  }
}
