package io.quarentena.connectors.internal;

import java.util.Map;

/** Shaped like Databricks' {@code DBUtilsHolder}: {@code dbutils().secrets().get(scope, key)}. */
public final class FakeDbutilsHolder {
  private FakeDbutilsHolder() {}

  /** The fake dbutils. */
  public static final class DbUtils {
    public Secrets secrets() {
      return new Secrets();
    }
  }

  /** The fake secrets utility. */
  public static final class Secrets {
    private static final Map<String, String> VALUES = Map.of("quarentena/sftp", "db-s3cret");

    public String get(String scope, String key) {
      String v = VALUES.get(scope + "/" + key);
      if (v == null) {
        throw new IllegalArgumentException("Secret does not exist with scope: " + scope);
      }
      return v;
    }
  }

  public static DbUtils dbutils() {
    return new DbUtils();
  }
}
