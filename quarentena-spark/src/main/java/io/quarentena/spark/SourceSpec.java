package io.quarentena.spark;

import io.quarentena.Channel;
import io.quarentena.spark.internal.DateParser;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * How to read one source's rows as contact events: its name, its channel, which of its columns (or
 * SQL expressions over them) give the standard columns, its date formats, an optional row filter
 * and literal values for columns it does not have. Immutable; build one with {@link
 * #forChannel(String, Channel)} or {@link #forChannelColumn(String, String)}.
 *
 * <p>The standard columns are {@code id_cliente} and {@code data_envio} (required), {@code email},
 * {@code telefone}, {@code assunto}, {@code categoria}, {@code data_exclus} and {@code id_envio}
 * (optional). A standard column that is neither mapped nor given a constant is read from the source
 * column of the same name when there is one, and is null otherwise. {@code id_envio} is the send's
 * id: rows of a customer and channel with one send id are one contact (a send that two sources
 * report counts once); without it, rows equal in every standard column are one contact.
 *
 * <pre>{@code
 * SourceSpec marketing = SourceSpec.forChannel("marketing", Channel.MARKETING)
 *     .map("assunto", "subject")                 // the CSV calls it subject
 *     .dateFormats("dd/MM/yyyy", "iso")
 *     .build();
 * SourceSpec restritos = SourceSpec.forChannel("restritos", Channel.RESTRITOS)
 *     .map("email", "contatos.email")            // nested fields
 *     .map("telefone", "contatos.numero_telefone")
 *     .map("assunto", "motivos.descricao")
 *     .map("data_envio", "contatos.data_solicitacao")
 *     .build();
 * SourceSpec fraude = SourceSpec.forChannel("fraude", Channel.FRAUDE)
 *     .map("data_envio", "dt_inclus")
 *     .constant("assunto", "suspeita de fraude")
 *     .build();
 * SourceSpec envios = SourceSpec.forChannel("envios", Channel.MARKETING)
 *     .map("id_envio", "send_id")                // a send the export also has counts once
 *     .build();
 * SourceSpec crm = SourceSpec.forChannel("crm", Channel.CRM)
 *     .filter("to_date(data_base) = {data_carga}")  // keep the rows of the load date's data_base
 *     .build();
 * SourceSpec recomendacao = SourceSpec.forChannel("recomendacao", Channel.RECOMENDACAO)
 *     .idWidth(10)                               // a bigint column: 12345678 is 0012345678
 *     .build();
 * }</pre>
 */
public final class SourceSpec {

  /** The token a {@link Builder#filter(String) filter} uses for the load date. */
  public static final String LOAD_DATE_TOKEN = "{data_carga}";

  /** The largest {@link Builder#idWidth(int) id width}. */
  public static final int MAX_ID_WIDTH = 64;

  private final String name;
  private final @Nullable Channel channel;
  private final @Nullable String channelColumn;
  private final Map<String, String> mapping;
  private final Map<String, String> constants;
  private final List<String> dateFormats;
  private final @Nullable String filter;
  private final @Nullable ZoneId zone;
  private final @Nullable Integer idWidth;

  private SourceSpec(Builder b) {
    this.name = b.name;
    this.channel = b.channel;
    this.channelColumn = b.channelColumn;
    this.mapping = Collections.unmodifiableMap(new LinkedHashMap<>(b.mapping));
    this.constants = Collections.unmodifiableMap(new LinkedHashMap<>(b.constants));
    this.dateFormats = List.copyOf(b.dateFormats);
    this.filter = b.filter;
    this.zone = b.zone;
    this.idWidth = b.idWidth;
  }

  /**
   * A builder for a source whose rows all belong to one channel (every source of the article).
   *
   * @param name the source's name, as written to {@code fonte} in rejects and in the run summary
   * @param channel the channel of every row
   * @return a builder
   */
  public static Builder forChannel(String name, Channel channel) {
    return new Builder(name, requireNonNull(channel, name, "channel"), null);
  }

  /**
   * A builder for a source that holds several channels, named by a column or SQL expression (for
   * example a consolidated contact history with a {@code canal} column). A row whose channel has no
   * rule in the policy is a reject ({@code INVALID_VALUE}).
   *
   * @param name the source's name
   * @param channelExpression a column name or SQL expression giving the channel id
   * @return a builder
   */
  public static Builder forChannelColumn(String name, String channelExpression) {
    return new Builder(name, null, requireNotBlank(channelExpression, name, "channel column"));
  }

  /**
   * The source's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The channel of every row, when the source has one channel.
   *
   * @return the channel, or empty when the channel comes from a column
   */
  public Optional<Channel> channel() {
    return Optional.ofNullable(channel);
  }

  /**
   * The column or SQL expression giving each row's channel.
   *
   * @return the expression, or empty when the source has one channel
   */
  public Optional<String> channelColumn() {
    return Optional.ofNullable(channelColumn);
  }

  /**
   * Standard column to source column or SQL expression.
   *
   * @return an immutable map, in the order given
   */
  public Map<String, String> mapping() {
    return mapping;
  }

  /**
   * Standard column to literal text value.
   *
   * @return an immutable map, in the order given
   */
  public Map<String, String> constants() {
    return constants;
  }

  /**
   * The formats text dates are parsed with, in order ({@code iso} when none were given).
   *
   * @return an immutable list
   */
  public List<String> dateFormats() {
    return dateFormats;
  }

  /**
   * The row filter: a Spark SQL boolean expression; rows for which it is not true are rejected as
   * {@code EXCLUDED_BY_SOURCE_FILTER}. {@value #LOAD_DATE_TOKEN} stands for the load date.
   *
   * @return the filter, or empty
   */
  public Optional<String> filter() {
    return Optional.ofNullable(filter);
  }

  /**
   * The zone timestamps are turned into dates in, when it differs from the pipeline's.
   *
   * @return the zone, or empty to use the pipeline's
   */
  public Optional<ZoneId> zone() {
    return Optional.ofNullable(zone);
  }

  /**
   * The fixed number of digits of this source's customer ids, when they have one: ids made of
   * digits only that are shorter get leading zeros back, longer ones are rejected.
   *
   * @return the width, or empty to keep ids as read
   */
  public OptionalInt idWidth() {
    return idWidth == null ? OptionalInt.empty() : OptionalInt.of(idWidth);
  }

  /**
   * A builder holding this spec's settings, to derive a variant.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(name, channel, channelColumn);
    b.mapping.putAll(mapping);
    b.constants.putAll(constants);
    b.dateFormats.clear();
    b.dateFormats.addAll(dateFormats);
    b.filter = filter;
    b.zone = zone;
    b.idWidth = idWidth;
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SourceSpec other
        && name.equals(other.name)
        && Objects.equals(channel, other.channel)
        && Objects.equals(channelColumn, other.channelColumn)
        && mapping.equals(other.mapping)
        && constants.equals(other.constants)
        && dateFormats.equals(other.dateFormats)
        && Objects.equals(filter, other.filter)
        && Objects.equals(zone, other.zone)
        && Objects.equals(idWidth, other.idWidth);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        name, channel, channelColumn, mapping, constants, dateFormats, filter, zone, idWidth);
  }

  @Override
  public String toString() {
    return "SourceSpec["
        + name
        + ", channel="
        + (channel != null ? channel.id() : "column " + channelColumn)
        + ", mapping="
        + mapping
        + (constants.isEmpty() ? "" : ", constants=" + constants)
        + ", dateFormats="
        + dateFormats
        + (filter == null ? "" : ", filter=" + filter)
        + (zone == null ? "" : ", zone=" + zone)
        + (idWidth == null ? "" : ", idWidth=" + idWidth)
        + "]";
  }

  private static <T> T requireNonNull(@Nullable T value, String source, String what) {
    if (value == null) {
      throw new IllegalArgumentException("source '" + source + "': " + what + " must not be null");
    }
    return value;
  }

  private static String requireNotBlank(@Nullable String value, String source, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          "source '" + source + "': " + what + " must not be blank, got: '" + value + "'");
    }
    return value.strip();
  }

  /** Builds a {@link SourceSpec}. */
  public static final class Builder {
    private final String name;
    private final @Nullable Channel channel;
    private final @Nullable String channelColumn;
    private final Map<String, String> mapping = new LinkedHashMap<>();
    private final Map<String, String> constants = new LinkedHashMap<>();
    private final List<String> dateFormats = new ArrayList<>(DateParser.DEFAULT_FORMATS);
    private @Nullable String filter;
    private @Nullable ZoneId zone;
    private @Nullable Integer idWidth;

    private Builder(String name, @Nullable Channel channel, @Nullable String channelColumn) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("source name must not be blank, got: '" + name + "'");
      }
      this.name = name.strip();
      this.channel = channel;
      this.channelColumn = channelColumn;
    }

    /**
     * Reads a standard column from a source column or SQL expression: a column name ({@code
     * subject}), a nested field ({@code contatos.email}) or any expression ({@code concat(ddd,
     * numero)}). Names with spaces or dots need backticks ({@code `Data de envio`}).
     *
     * @param standardColumn one of id_cliente, email, telefone, assunto, categoria, data_envio,
     *     data_exclus, id_envio
     * @param sourceExpression the source column or expression
     * @return this builder
     * @throws IllegalArgumentException naming the allowed columns, for an unknown standard column
     *     or one that already has a constant
     */
    public Builder map(String standardColumn, String sourceExpression) {
      String target = target(standardColumn);
      if (constants.containsKey(target)) {
        throw new IllegalArgumentException(
            "source '"
                + name
                + "': standard column '"
                + target
                + "' has both a mapping and a constant; give one of them");
      }
      mapping.put(target, requireNotBlank(sourceExpression, name, "mapping of " + target));
      return this;
    }

    /**
     * Sets several mappings, as {@link #map(String, String)}.
     *
     * @param standardToSource standard column to source column or expression
     * @return this builder
     */
    public Builder mapAll(Map<String, String> standardToSource) {
      standardToSource.forEach(this::map);
      return this;
    }

    /**
     * Gives a standard column the same literal value on every row (for example {@code assunto =
     * "suspeita de fraude"} for a fraud list that has no subject).
     *
     * @param standardColumn the standard column
     * @param value the text value
     * @return this builder
     */
    public Builder constant(String standardColumn, String value) {
      String target = target(standardColumn);
      if (mapping.containsKey(target)) {
        throw new IllegalArgumentException(
            "source '"
                + name
                + "': standard column '"
                + target
                + "' has both a mapping and a constant; give one of them");
      }
      constants.put(target, requireNonNull(value, name, "constant of " + target));
      return this;
    }

    /**
     * The formats text dates are parsed with, tried in order: {@link
     * java.time.format.DateTimeFormatter} patterns such as {@code dd/MM/yyyy}, or {@code iso}.
     * Replaces the default ({@code iso}).
     *
     * @param formats one or more formats
     * @return this builder
     * @throws IllegalArgumentException for an invalid pattern, naming it
     */
    public Builder dateFormats(String... formats) {
      return dateFormats(Arrays.asList(formats));
    }

    /**
     * The formats text dates are parsed with, as {@link #dateFormats(String...)}.
     *
     * @param formats one or more formats
     * @return this builder
     */
    public Builder dateFormats(List<String> formats) {
      if (formats.isEmpty()) {
        throw new IllegalArgumentException(
            "source '" + name + "': date formats must not be empty; the default is [iso]");
      }
      List<String> checked = new ArrayList<>();
      for (String f : formats) {
        String format = requireNotBlank(f, name, "date format");
        try {
          DateParser.validate(format);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("source '" + name + "': " + e.getMessage(), e);
        }
        checked.add(format);
      }
      dateFormats.clear();
      dateFormats.addAll(checked);
      return this;
    }

    /**
     * Keeps only the rows for which a Spark SQL boolean expression is true; the others are rejected
     * as {@code EXCLUDED_BY_SOURCE_FILTER} (counted, not lost). {@value #LOAD_DATE_TOKEN} stands
     * for the load date as a DATE literal.
     *
     * @param sqlExpression for example {@code to_date(data_base) = {data_carga}}
     * @return this builder
     */
    public Builder filter(String sqlExpression) {
      this.filter = requireNotBlank(sqlExpression, name, "filter");
      return this;
    }

    /**
     * The zone timestamps of this source are turned into dates in (default: the pipeline's zone).
     *
     * @param value the zone
     * @return this builder
     */
    public Builder zone(ZoneId value) {
      this.zone = requireNonNull(value, name, "zone");
      return this;
    }

    /**
     * The fixed number of digits of this source's customer ids, for a source that lost their
     * leading zeros: an id column of a numeric type (a bigint in parquet, a number in a sheet), or
     * text written from one. An id made of digits only and shorter than the width is padded with
     * zeros on the left ({@code 12345678} becomes {@code 0012345678} at width 10); one longer than
     * the width is rejected as {@code INVALID_VALUE}; an id with any other character (letters, a
     * sign) is kept as read. Without it, a numeric id column is reported as a warning in the run
     * summary, since its ids may not match the same customers' ids in other sources.
     *
     * @param digits the width, 1 to {@value #MAX_ID_WIDTH}
     * @return this builder
     * @throws IllegalArgumentException naming the source, for a width out of range
     */
    public Builder idWidth(int digits) {
      if (digits < 1 || digits > MAX_ID_WIDTH) {
        throw new IllegalArgumentException(
            "source '"
                + name
                + "': id-width is "
                + digits
                + "; allowed: 1 to "
                + MAX_ID_WIDTH
                + " (the number of digits of the source's customer ids, for example 11 for a"
                + " CPF)");
      }
      this.idWidth = digits;
      return this;
    }

    /**
     * Builds the spec.
     *
     * @return the spec
     */
    public SourceSpec build() {
      return new SourceSpec(this);
    }

    private String target(@Nullable String standardColumn) {
      String target =
          requireNotBlank(standardColumn, name, "standard column").toLowerCase(Locale.ROOT);
      if (!TableColumns.MAPPABLE.contains(target)) {
        throw new IllegalArgumentException(
            "source '"
                + name
                + "': unknown standard column '"
                + standardColumn
                + "'; allowed: "
                + String.join(", ", TableColumns.MAPPABLE)
                + (target.equals(TableColumns.CHANNEL)
                    ? ". The channel is fixed by forChannel or read with forChannelColumn"
                    : ""));
      }
      return target;
    }
  }
}
