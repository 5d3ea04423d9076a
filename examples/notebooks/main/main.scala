// Databricks notebook source
// MAGIC %md
// MAGIC # Main (`main`)
// MAGIC
// MAGIC Runs the notebooks in order, as the article's main notebook did. Schedule it as a
// MAGIC Databricks job with the `as_of` parameter set to the run date (`{{job.start_time.iso_date}}`).
// MAGIC For production, prefer the JAR task of `main/job` — the same work from one configuration file.

// COMMAND ----------

// MAGIC %run ../config/configuracao

// COMMAND ----------

// MAGIC %run ../etl/extracao

// COMMAND ----------

// MAGIC %run ../etl/transformacao

// COMMAND ----------

// MAGIC %run ../etl/carga
