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
 * persisted standard rows, so the sources are scanned once whatever is computed. Close it to
 * release the persisted rows.
 *
 * <pre>{@code
 * try (QuarantineRun run = pipeline.run(loadDate, inputs)) {
 *   QuarantineTable.of(spark, "main.crm.quarentena_global").write(run.entries(), run.loadDate());
 *   RejectsTable.of(spark, "main.crm.quarentena_rejeitados").write(run.rejects(), run.loadDate());
 *   log.info("\n{}", run.summary().toTable());
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
   * The counts per source and channel, computed once: the rejects and the entries counted over the
   * persisted rows, the rows read and accepted as they were observed during the sources' scans. It
   * is not logged at INFO: showing it is the caller's (the job prints it once, to its standard
   * output), so nobody sees it twice. Each source's warnings are logged as warnings.
   *
   * @return the summary
   */
  public synchronized RunSummary summary() {
    if (summary == null) {
      summary = computeSummary();
      LOG.debug("\n{}", summary.toTable());
      for (RunSummary.SourceCounts s : summary.sources()) {
        if (s.withReplacementCharacter() > 0) {
          LOG.warn(
              "Source '{}': {}",
              s.source(),
              Standardizer.replacementWarning(s.withReplacementCharacter(), s.read()));
        }
      }
    }
    return summary;
  }

  /** Releases the persisted standard rows. The datasets stay usable but are recomputed. */
  @Override
  public void close() {
    standard.release();
  }

  private RunSummary computeSummary() {
    StandardRows.Counts counts = standard.counts();
    List<Row> held = entries.groupBy(col(CHANNEL)).agg(count(lit(1))).collectAsList();

    Map<String, long[]> perSource = new LinkedHashMap<>(); // read, accepted, with U+FFFD
    Map<String, Map<RejectReason, Long>> rejectedPerSource = new LinkedHashMap<>();
    for (SourceInput input : inputs) {
      String name = input.spec().name();
      perSource.put(name, new long[] {0, 0, counts.replaced().getOrDefault(name, 0L)});
      rejectedPerSource.put(name, new EnumMap<>(RejectReason.class));
    }
    Map<String, long[]> perChannel = new TreeMap<>(this::compareChannels); // read, acc, rej, held
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
    for (Row r : held) {
      perChannel.computeIfAbsent(r.getString(0), k -> new long[4])[3] += r.getLong(1);
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
    List<RunSummary.ChannelCounts> channels = new ArrayList<>();
    perChannel.forEach(
        (id, c) -> channels.add(new RunSummary.ChannelCounts(id, c[0], c[1], c[2], c[3])));
    return new RunSummary(loadDate, policy.name(), sources, channels);
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
