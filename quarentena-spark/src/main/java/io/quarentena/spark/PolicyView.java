package io.quarentena.spark;

import io.quarentena.PolicySql;
import io.quarentena.QuarantinePolicy;
import io.quarentena.spark.internal.DeltaTarget;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a policy as the SQL view {@code quarentena_bloqueios} beside the quarantine table, so
 * that SQL readers (notebooks, Databricks SQL warehouses, Spark Connect) answer with the policy's
 * scopes and exemptions, as {@link io.quarentena.Quarantine#check} does. The view's text is {@link
 * PolicySql}'s; see {@code docs/sql.md}.
 *
 * <ul>
 *   <li>A table addressed by name ({@code main.crm.quarentena_global}, {@code
 *       crm.quarentena_global}) gets the view {@code CREATE OR REPLACE}d in the same catalog and
 *       schema ({@code main.crm.quarentena_bloqueios}), or under the name given with {@link
 *       #named(String)}.
 *   <li>A table addressed by path has no schema to hold a view: the statement that creates the view
 *       in a session ({@code CREATE OR REPLACE TEMPORARY VIEW quarentena_bloqueios AS ...}) is
 *       written to {@code <table path>/_quarentena/bloqueios.sql}. Delta ignores directories whose
 *       name starts with {@code _}: readers never see the file and {@code VACUUM} never deletes it.
 * </ul>
 *
 * <pre>{@code
 * PolicyView.of(policy).publish(spark, "main.crm.quarentena_global");
 * // main.crm.quarentena_bloqueios
 * PolicyView.of(policy).publish(spark, "/Volumes/main/crm/quarentena/global");
 * // /Volumes/main/crm/quarentena/global/_quarentena/bloqueios.sql
 * }</pre>
 *
 * <p>The job publishes the view after each successful load.
 */
public final class PolicyView {

  private static final Logger LOG = LoggerFactory.getLogger(PolicyView.class);

  /** The file, relative to a path table's directory, that holds the view's statement. */
  public static final String SQL_FILE = "_quarentena/bloqueios.sql";

  private final QuarantinePolicy policy;
  private final @Nullable String viewName;

  private PolicyView(QuarantinePolicy policy, @Nullable String viewName) {
    this.policy = policy;
    this.viewName = viewName;
  }

  /**
   * The view of a policy, named {@value PolicySql#DEFAULT_VIEW} beside the table.
   *
   * @param policy the policy the table's entries were computed with
   * @return the view
   */
  public static PolicyView of(QuarantinePolicy policy) {
    if (policy == null) {
      throw new IllegalArgumentException("policy must not be null");
    }
    return new PolicyView(policy, null);
  }

  /**
   * The same view under another name: for a named table, any one- to three-part name; for a path
   * table, the one-part name of the temporary view the written statement creates.
   *
   * @param name the view's name
   * @return a new instance
   */
  public PolicyView named(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("the view's name must not be blank, got: '" + name + "'");
    }
    return new PolicyView(policy, name.strip());
  }

  /**
   * Creates or replaces the view beside a named table, or writes its statement beside a path table.
   *
   * @param spark the session
   * @param table the quarantine table: a name or a path, as {@link QuarantineTable#of}
   * @return the view's name, or the path of the file written
   * @throws IllegalStateException if the view cannot be created, naming it
   * @throws UncheckedIOException if the file cannot be written, naming it
   */
  public String publish(SparkSession spark, String table) {
    if (spark == null || table == null || table.isBlank()) {
      throw new IllegalArgumentException("spark and the table must be given, got table: " + table);
    }
    String location = table.strip();
    PolicySql sql = PolicySql.of(policy, location);
    if (DeltaTarget.isPath(location)) {
      return writeStatement(spark, location, sql);
    }
    String view = viewName != null ? viewName : PolicySql.viewBeside(location);
    try {
      spark.sql(sql.createView(view));
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          Messages.sentences(
              "cannot create or replace the view " + view + " of policy '" + policy.name() + "'",
              "over the table " + location + ": " + Messages.cause(e),
              "The table was written; check that the schema lets this principal create views"
                  + " (CREATE TABLE on the schema in Unity Catalog), or name another view"),
          e);
    }
    LOG.info("View {} replaced: policy '{}' over {}", view, policy.name(), location);
    return view;
  }

  private String writeStatement(SparkSession spark, String tablePath, PolicySql sql) {
    String temporary = viewName != null ? viewName : PolicySql.DEFAULT_VIEW;
    String text =
        "-- Quarentena: policy '"
            + policy.name().replace('\n', ' ').replace('\r', ' ')
            + "' over this table as blocked channels, generated from its rules.\n"
            + "-- Replaced after each load; do not edit. Run it in a session, then query "
            + temporary
            + ".\n"
            + sql.createTemporaryView(temporary)
            + "\n";
    Path file = new Path(new Path(tablePath), SQL_FILE);
    try {
      FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (OutputStream out = fs.create(file, true)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          Messages.sentences(
              "cannot write the view's statement of policy '" + policy.name() + "' to " + file,
              Messages.cause(e),
              "The table was written; check that the table's location is writable"),
          e);
    }
    LOG.info("View statement written to {}: policy '{}'", file, policy.name());
    return file.toString();
  }

  @Override
  public String toString() {
    return "PolicyView[" + policy.name() + (viewName == null ? "" : " as " + viewName) + "]";
  }
}
