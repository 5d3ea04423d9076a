package io.quarentena.job.internal;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.quarentena.connectors.SecretProvider;
import io.quarentena.job.JobConfig;
import io.quarentena.spark.TableColumns;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.jspecify.annotations.Nullable;

/**
 * PII minimisation of the quarantine table (LGPD): {@code email} and {@code telefone} kept,
 * replaced by their HMAC-SHA256 (hex, keyed with a secret from the provider: equal values stay
 * equal so a campaign can still match a hashed audience, but nothing is readable and a dictionary
 * attack needs the key), or dropped (null). The key travels inside the function's closure, never as
 * a literal of the plan, so {@code explain} and the Spark UI do not show it.
 */
public final class PiiColumns {

  private PiiColumns() {}

  /**
   * Applies the configured minimisation.
   *
   * @param entries rows with email and telefone
   * @param pii the configuration
   * @param secrets resolves the hash key's reference
   * @return the rows, minimised
   */
  public static Dataset<Row> apply(
      Dataset<Row> entries, JobConfig.Pii pii, SecretProvider secrets) {
    if (!pii.minimises()) {
      return entries;
    }
    UserDefinedFunction hmac = null;
    if (pii.email() == JobConfig.PiiMode.HASH || pii.telefone() == JobConfig.PiiMode.HASH) {
      byte[] key = secrets.require(pii.hashKey()).utf8();
      hmac = hmac(key);
    }
    return entries
        .withColumn(TableColumns.EMAIL, column(TableColumns.EMAIL, pii.email(), hmac))
        .withColumn(TableColumns.PHONE, column(TableColumns.PHONE, pii.telefone(), hmac));
  }

  /**
   * Applies the configured minimisation to the rejects' raw values ({@code valores}, the source row
   * as JSON): every JSON string equal to the row's e-mail or phone, and every JSON number equal to
   * its phone, is replaced by the same keyed hash as in the quarantine table, or by {@code null}.
   * Values a mapping expression built from several columns (for example {@code concat(ddd,
   * numero)}) are not found as a whole; their parts stay.
   *
   * @param rejects the rejects with the row's standard {@code email} and {@code telefone} columns
   * @param pii the configuration
   * @param secrets resolves the hash key's reference
   * @return the rejects, in the rejects table's schema, minimised
   */
  public static Dataset<Row> applyToRejects(
      Dataset<Row> rejects, JobConfig.Pii pii, SecretProvider secrets) {
    Dataset<Row> minimised = rejects;
    if (pii.minimises()) {
      byte[] key =
          pii.email() == JobConfig.PiiMode.HASH || pii.telefone() == JobConfig.PiiMode.HASH
              ? secrets.require(pii.hashKey()).utf8()
              : null;
      UDF3<String, String, String, String> scrub =
          new RawScrubber(key, pii.email(), pii.telefone());
      UserDefinedFunction f =
          functions.udf(scrub, DataTypes.StringType).withName("quarentena_pii_scrub");
      minimised =
          rejects.withColumn(
              TableColumns.RAW,
              f.apply(col(TableColumns.RAW), col(TableColumns.EMAIL), col(TableColumns.PHONE)));
    }
    return minimised.select(
        java.util.Arrays.stream(TableColumns.REJECTS.fieldNames())
            .map(functions::col)
            .toArray(Column[]::new));
  }

  /** Replaces a row's e-mail and phone inside its raw JSON. The key lives only in this object. */
  static final class RawScrubber implements UDF3<String, String, String, String> {
    private static final long serialVersionUID = 1L;
    private static final Pattern NUMBER =
        Pattern.compile("(?<=[:\\[,])(-?[0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)(?=[,}\\]])");

    private final byte @Nullable [] key;
    private final JobConfig.PiiMode email;
    private final JobConfig.PiiMode phone;

    RawScrubber(byte @Nullable [] key, JobConfig.PiiMode email, JobConfig.PiiMode phone) {
      this.key = key == null ? null : key.clone();
      this.email = email;
      this.phone = phone;
    }

    @Override
    public @Nullable String call(
        @Nullable String json, @Nullable String emailValue, @Nullable String phoneValue) {
      String out = scrub(json, emailValue, email, false);
      return scrub(out, phoneValue, phone, true);
    }

    private @Nullable String scrub(
        @Nullable String json, @Nullable String value, JobConfig.PiiMode mode, boolean number) {
      if (json == null || value == null || value.isEmpty() || mode == JobConfig.PiiMode.KEEP) {
        return json;
      }
      String replacement = mode == JobConfig.PiiMode.HASH ? "\"" + hash(key, value) + "\"" : "null";
      String out = json.replace(quote(value), replacement);
      if (number) {
        BigDecimal wanted = decimal(value);
        if (wanted != null) {
          Matcher m = NUMBER.matcher(out);
          StringBuilder sb = new StringBuilder();
          while (m.find()) {
            BigDecimal found = decimal(m.group(1));
            m.appendReplacement(
                sb,
                Matcher.quoteReplacement(
                    found != null && found.compareTo(wanted) == 0 ? replacement : m.group(1)));
          }
          m.appendTail(sb);
          out = sb.toString();
        }
      }
      return out;
    }

    private static @Nullable BigDecimal decimal(String text) {
      try {
        return new BigDecimal(text.strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }

    /** A value as Jackson writes a JSON string. */
    static String quote(String value) {
      StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        switch (c) {
          case '"' -> sb.append("\\\"");
          case '\\' -> sb.append("\\\\");
          case '\n' -> sb.append("\\n");
          case '\r' -> sb.append("\\r");
          case '\t' -> sb.append("\\t");
          case '\b' -> sb.append("\\b");
          case '\f' -> sb.append("\\f");
          default -> {
            if (c < 0x20) {
              sb.append(String.format("\\u%04X", (int) c));
            } else {
              sb.append(c);
            }
          }
        }
      }
      return sb.append('"').toString();
    }

    @Override
    public String toString() {
      return "RawScrubber[email=" + email + ", telefone=" + phone + "]";
    }
  }

  /**
   * The keyed hash of a value, as the table holds it: lower-case hex of HMAC-SHA256 over UTF-8.
   *
   * @param key the key
   * @param value the value
   * @return 64 hex characters
   */
  public static String hash(byte[] key, String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  private static Column column(String name, JobConfig.PiiMode mode, UserDefinedFunction hmac) {
    return switch (mode) {
      case KEEP -> col(name);
      case DROP -> lit(null).cast(DataTypes.StringType);
      case HASH -> hmac.apply(col(name));
    };
  }

  private static UserDefinedFunction hmac(byte[] key) {
    byte[] copy = key.clone();
    UDF1<String, String> f = v -> v == null ? null : hash(copy, v);
    return functions.udf(f, DataTypes.StringType).withName("quarentena_pii_hash");
  }
}
