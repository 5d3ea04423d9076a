package io.quarentena.spark.internal;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.quarentena.connectors.SecretProvider;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

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
        .withColumn(StandardColumns.EMAIL, column(StandardColumns.EMAIL, pii.email(), hmac))
        .withColumn(StandardColumns.PHONE, column(StandardColumns.PHONE, pii.telefone(), hmac));
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
