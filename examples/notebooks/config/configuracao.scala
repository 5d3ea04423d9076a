// Databricks notebook source
// MAGIC %md
// MAGIC # Configuration (`config`)
// MAGIC
// MAGIC Parameters of one quarantine load, as widgets so a Databricks job can set them per run.
// MAGIC Replaces the article's `config/leitura_libs_variaveis` and `config/funcoes` notebooks:
// MAGIC there is no `SparkSession.builder()` here (Databricks gives you `spark`; stopping it would
// MAGIC kill the cluster's session) and no hand-written functions — they live in the library.
// MAGIC
// MAGIC **Cluster library:** `io.quarentena:quarentena-job` (it brings `quarentena-spark` and the
// MAGIC connectors; Maven coordinates, or the job bundle jar uploaded to a Volume). See `docs/databricks.md`.

// COMMAND ----------

dbutils.widgets.text("as_of", "2024-05-28", "Load date (data_carga), YYYY-MM-DD")
dbutils.widgets.text("sources_dir", "/Volumes/main/quarentena/staging", "Directory of the source files")
dbutils.widgets.text("table", "main.quarentena.quarentena_global", "Quarantine table")
dbutils.widgets.text("rejects_table", "main.quarentena.quarentena_rejeitados", "Rejects table")
dbutils.widgets.text("fetch_remote", "false", "Download CRM (SharePoint) and Marketing (SFTP) first")

// COMMAND ----------

// Explicit imports: a wildcard on io.quarentena would import the package `spark` and hide the session.
import io.quarentena.{Channel, QuarantinePolicy}
import io.quarentena.spark.{PolicyView, QuarantinePipeline, QuarantineTable, RejectsTable, SourceInput, SourceSpec}
import io.quarentena.job.SparkSources
import java.time.LocalDate

// The load date is a parameter: nothing below calls current_date().
val asOf: LocalDate = LocalDate.parse(dbutils.widgets.get("as_of").trim)
val sourcesDir: String = dbutils.widgets.get("sources_dir").trim.stripSuffix("/")
val tableName: String = dbutils.widgets.get("table").trim
val rejectsTableName: String = dbutils.widgets.get("rejects_table").trim
val fetchRemote: Boolean = dbutils.widgets.get("fetch_remote").trim.toBoolean

// The six default rules (docs/rules.md). To change one, build a policy in code or load a properties file:
//   QuarantinePolicy.load(java.nio.file.Paths.get("/Volumes/main/quarentena/config/policy.properties"))
val policy: QuarantinePolicy = QuarantinePolicy.defaults()

println(s"load date $asOf, sources under $sourcesDir, table $tableName")
println(policy)
