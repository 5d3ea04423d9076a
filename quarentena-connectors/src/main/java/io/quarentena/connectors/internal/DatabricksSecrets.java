package io.quarentena.connectors.internal;

import io.quarentena.connectors.Secret;
import io.quarentena.connectors.SecretProvider;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code dbutils.secrets.get(scope, key)}, found by reflection so the library needs no Databricks
 * jar and loads anywhere. The reference is {@code scope/key}.
 */
public final class DatabricksSecrets implements SecretProvider {
  static final String HOLDER = "com.databricks.dbutils_v1.DBUtilsHolder";

  private final String holderClass;

  /** Uses the Databricks runtime's {@code DBUtilsHolder}. */
  public DatabricksSecrets() {
    this(HOLDER);
  }

  DatabricksSecrets(String holderClass) {
    this.holderClass = holderClass;
  }

  @Override
  public Optional<Secret> lookup(String reference) {
    int slash = reference.indexOf('/');
    if (slash <= 0 || slash == reference.length() - 1) {
      throw new IllegalArgumentException(
          "a Databricks secret reference is databricks:scope/key, for example"
              + " databricks:quarentena/sftp-password");
    }
    String scope = reference.substring(0, slash);
    String key = reference.substring(slash + 1);
    Object secrets = secretUtils();
    try {
      Method get = secrets.getClass().getMethod("get", String.class, String.class);
      get.setAccessible(true);
      Object value = get.invoke(secrets, scope, key);
      return value == null ? Optional.empty() : Optional.of(Secret.of(value.toString()));
    } catch (InvocationTargetException e) {
      // dbutils throws when the scope or key is missing or not readable; its message names them.
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IllegalStateException(
          "Databricks secret scope '"
              + scope
              + "', key '"
              + key
              + "' could not be read ("
              + cause.getClass().getSimpleName()
              + "): check that the scope and key exist and that the job's principal has READ on"
              + " the scope (databricks secrets list-acls "
              + scope
              + ")",
          null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw unavailable(e);
    }
  }

  private Object secretUtils() {
    try {
      Class<?> holder = Class.forName(holderClass);
      Object dbutils = invokeStaticOrModule(holder, "dbutils");
      Method secrets = dbutils.getClass().getMethod("secrets");
      secrets.setAccessible(true);
      Object result = secrets.invoke(dbutils);
      if (result == null) {
        throw unavailable(null);
      }
      return result;
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException(
          "databricks: secret references need the Databricks runtime (dbutils is not on the"
              + " classpath). Outside Databricks use env:, sysprop: or file: references.",
          null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw unavailable(e);
    }
  }

  /** A Scala object exposes a static forwarder, or failing that its {@code MODULE$}. */
  private static Object invokeStaticOrModule(Class<?> holder, String method)
      throws ReflectiveOperationException {
    try {
      Object v = holder.getMethod(method).invoke(null);
      if (v != null) {
        return v;
      }
    } catch (NoSuchMethodException | NullPointerException e) {
      // fall through to the module instance
    }
    Class<?> module = Class.forName(holder.getName() + "$", true, holder.getClassLoader());
    Object instance = module.getField("MODULE$").get(null);
    Object v = module.getMethod(method).invoke(instance);
    if (v == null) {
      throw new IllegalStateException("dbutils is null");
    }
    return v;
  }

  private static IllegalStateException unavailable(@Nullable Throwable e) {
    return new IllegalStateException(
        "databricks: dbutils.secrets is not usable here"
            + (e == null ? "" : " (" + e.getClass().getSimpleName() + ")")
            + ". Run on a Databricks cluster, or use env:, sysprop: or file: references.",
        null);
  }

  @Override
  public String toString() {
    return "DatabricksSecrets";
  }
}
