package io.quarentena.benchmarks.pipeline;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The deterministic model behind the benchmark's data: the {@code i}-th contact of a source, as a
 * pure function of a seed, the source, {@code i} and the load date. Every value comes from a
 * counter-based hash (SplitMix64), so the data does not depend on how Spark splits the work, and
 * the same arguments give the same files on every machine.
 *
 * <p>The skew is what real contact histories have:
 *
 * <ul>
 *   <li><b>repeated contacts</b>: customers are drawn with density falling as {@code 1/sqrt}, so a
 *       few customers are contacted many times (the hottest 1% receive about 10% of the contacts);
 *       the same customers appear in every channel;
 *   <li><b>duplicates</b>: 3% of rows repeat the row before them exactly;
 *   <li><b>ties</b>: several contacts of one customer on one day, with different subjects;
 *   <li><b>nulls</b>: e-mail, phone and subject missing on 2–3% of rows; a missing customer id
 *       (0.3%) or contact date (0.2%), which are rejects;
 *   <li><b>dates around the boundaries</b>: 5% each exactly N − 1, N and N + 1 days before the load
 *       date, 2% after it (future contacts, rejects), the rest spread over 2N + 30 days;
 *   <li><b>leading zeros</b>: 5% of customers have an id such as {@code 0012345678}.
 * </ul>
 *
 * <pre>{@code
 * SyntheticContacts model = new SyntheticContacts(42, 1_000_000, LocalDate.parse("2024-05-28"));
 * SyntheticContacts.Contact c = model.contact(SyntheticContacts.Source.MARKETING, 17);
 * }</pre>
 */
public final class SyntheticContacts implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The six sources of the article, with their quarantine period in days. */
  public enum Source {
    /** SharePoint spreadsheet, 30 days. */
    CRM(30, "CRM"),
    /** Marketing Cloud CSV, 7 days. */
    MARKETING(7, "Marketing"),
    /** Recommendations parquet, 15 days. */
    RECOMENDACAO(15, "Recomendacao"),
    /** Restricted customers JSON lines, 90 days. */
    RESTRITOS(90, "Restritos"),
    /** Offers Delta table, 5 days. */
    OFERTAS(5, "Ofertas"),
    /** Fraud suspects Delta table, open-ended (the period drives the inclusion dates only). */
    FRAUDE(400, "Fraude");

    private final int days;
    private final String canal;

    Source(int days, String canal) {
      this.days = days;
      this.canal = canal;
    }

    /**
     * The quarantine period in days ({@code Fraude}: the span of inclusion dates).
     *
     * @return days
     */
    public int days() {
      return days;
    }

    /**
     * The {@code canal} value of the table.
     *
     * @return the channel id
     */
    public String canal() {
      return canal;
    }
  }

  /**
   * One contact as the model draws it, before a source's format shapes it.
   *
   * @param customer the customer number (0-based, skewed)
   * @param id the customer id text, or null (a reject)
   * @param email the e-mail, or null
   * @param phone the phone (9 digits), or null
   * @param subject the subject, or null
   * @param date the contact date, or null (a reject)
   * @param secondOfDay a time of day for sources with timestamps, 5% of them after 23:00
   * @param badDateText true when a text source should write an unparseable date instead
   * @param revokedOn for fraud: the exclusion date, or null
   * @param previousDataBase for CRM: true when the row belongs to the day before's data_base
   */
  public record Contact(
      long customer,
      @Nullable String id,
      @Nullable String email,
      @Nullable String phone,
      @Nullable String subject,
      @Nullable LocalDate date,
      int secondOfDay,
      boolean badDateText,
      @Nullable LocalDate revokedOn,
      boolean previousDataBase) {}

  private static final String[] SUBJECTS = {
    "Campanha", "Newsletter", "Promoção", "Novo Produto", "Seguro", "Cartão", "Boas vindas", "Aviso"
  };
  private static final String[] REASONS = {
    "Reclamação", "Pedido do cliente", "Procon", "Ouvidoria", "LGPD"
  };

  private final long seed;
  private final long customers;
  private final long asOfDay;

  /**
   * A model.
   *
   * @param seed the seed; the same seed gives the same data
   * @param events the total number of contact events the data is sized for (sets the number of
   *     distinct customers, a quarter of it)
   * @param asOf the load date the dates are drawn around
   */
  public SyntheticContacts(long seed, long events, LocalDate asOf) {
    if (events < 1) {
      throw new IllegalArgumentException("events must be 1 or more, got " + events);
    }
    this.seed = seed;
    this.customers = Math.max(100, events / 4);
    this.asOfDay = asOf.toEpochDay();
  }

  /**
   * The number of distinct customers drawn from.
   *
   * @return the customer count
   */
  public long customers() {
    return customers;
  }

  /**
   * The {@code i}-th contact of a source.
   *
   * @param source the source
   * @param i the row number, from 0
   * @return the contact
   */
  public Contact contact(Source source, long i) {
    // 3% of rows repeat the row before them exactly: the same draws from the same index.
    long row = (i > 0 && unit(source, i, 0) < 0.03) ? i - 1 : i;
    double u = unit(source, row, 1);
    long customer = Math.min(customers - 1, (long) (customers * u * u));
    String id = unit(source, row, 2) < 0.003 ? null : customerId(customer);
    String email =
        unit(source, row, 3) < 0.02 ? null : "c" + customer + "." + (row % 3) + "@exemplo.com";
    String phone =
        unit(source, row, 4) < 0.02
            ? null
            : "9" + String.format(Locale.ROOT, "%08d", customer % 100_000_000L);
    String[] subjects = source == Source.RESTRITOS ? REASONS : SUBJECTS;
    String subject =
        unit(source, row, 5) < 0.03
            ? null
            : subjects[(int) ((bits(source, row, 6) >>> 33) % subjects.length)];
    LocalDate date =
        unit(source, row, 7) < 0.002 ? null : LocalDate.ofEpochDay(asOfDay - daysBack(source, row));
    int secondOfDay =
        unit(source, row, 8) < 0.05
            ? 23 * 3600 + (int) ((bits(source, row, 9) >>> 33) % 3600)
            : (int) ((bits(source, row, 9) >>> 33) % 86_400);
    boolean badDateText = unit(source, row, 10) < 0.001;
    LocalDate revokedOn = null;
    if (source == Source.FRAUDE && date != null) {
      double r = unit(source, row, 11);
      long inclusion = date.toEpochDay();
      if (r < 0.20) { // excluded before the load date: no longer a suspect
        revokedOn = LocalDate.ofEpochDay(Math.min(asOfDay - 1, inclusion + 1 + (long) (r * 300)));
        if (revokedOn.toEpochDay() < inclusion) {
          revokedOn = LocalDate.ofEpochDay(inclusion);
        }
      } else if (r < 0.25) { // excluded on the load date: no longer a suspect on that day
        revokedOn = LocalDate.ofEpochDay(asOfDay);
      } else if (r < 0.40) { // exclusion scheduled after the load date: still a suspect
        revokedOn = LocalDate.ofEpochDay(asOfDay + 1 + (long) ((r - 0.25) * 200));
      }
    }
    boolean previousDataBase = source == Source.CRM && unit(source, row, 12) < 0.05;
    return new Contact(
        customer,
        id,
        email,
        phone,
        subject,
        date,
        secondOfDay,
        badDateText,
        revokedOn,
        previousDataBase);
  }

  /**
   * A customer's id: ten digits; 5% of customers have two leading zeros.
   *
   * @param customer the customer number
   * @return the id text
   */
  public static String customerId(long customer) {
    if (customer % 20 == 7) {
      return "00" + String.format(Locale.ROOT, "%08d", customer % 100_000_000L);
    }
    return Long.toString(1_000_000_000L + customer);
  }

  /** Days before the load date; negative is a future contact. */
  private long daysBack(Source source, long row) {
    int n = source.days();
    double u = unit(source, row, 13);
    if (u < 0.02) {
      return -1 - (long) (u * 250); // 1 to 5 days after the load date
    }
    if (source != Source.FRAUDE && u < 0.17) {
      return n - 1 + (long) ((u - 0.02) / 0.05); // N - 1, N, N + 1
    }
    long span = source == Source.FRAUDE ? n : 2L * n + 30;
    return (long) (unit(source, row, 14) * (span + 1));
  }

  private double unit(Source source, long row, int stream) {
    return (bits(source, row, stream) >>> 11) * 0x1.0p-53;
  }

  private long bits(Source source, long row, int stream) {
    return mix(seed ^ mix(((long) source.ordinal() << 56) ^ ((long) stream << 48) ^ row));
  }

  /** SplitMix64's finalizer: a bijective, well-mixed 64-bit hash. */
  private static long mix(long z) {
    z += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
