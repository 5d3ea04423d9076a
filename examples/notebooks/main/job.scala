// Databricks notebook source
// MAGIC %md
// MAGIC # The job from a configuration file (`main/job`)
// MAGIC
// MAGIC The whole pipeline — sources, mapping, policy, output and rejects tables — from one HOCON
// MAGIC file (every key in `docs/configuration.md`). The same call is the JAR task
// MAGIC `io.quarentena.job.QuarantineJob` with parameters `["--config", "<file>", "--as-of", "<date>"]`.

// COMMAND ----------

dbutils.widgets.text("config", "/Volumes/main/quarentena/config/quarentena.conf", "Job configuration (HOCON)")
dbutils.widgets.text("as_of", "2024-05-28", "Load date (data_carga), YYYY-MM-DD")

// COMMAND ----------

val summary = io.quarentena.job.QuarantineJob.run(
  spark, "--config", dbutils.widgets.get("config").trim, "--as-of", dbutils.widgets.get("as_of").trim)

println(summary.toTable())
