// Databricks notebook source
// MAGIC %md
// MAGIC # Load (`etl/carga`)
// MAGIC
// MAGIC Writes the load date's entries to `quarentena_global` (partitioned by `data_carga, canal`,
// MAGIC created if missing). Writing a date **replaces exactly that date** in one atomic Delta
// MAGIC commit: rerunning a day gives the same table, other days stay, history stays queryable by
// MAGIC `data_carga` and by time travel. The article's `INSERT INTO` duplicated every rerun and its
// MAGIC `spark.stop()` ended the cluster's session; neither happens here.
// MAGIC
// MAGIC Then the policy itself is published as the view `quarentena_bloqueios` beside the table (one
// MAGIC row per customer and blocked channel, generated from the rules): what the SQL and Python
// MAGIC notebooks query, so they answer with the policy's scopes and exempt categories.

// COMMAND ----------

val quarantineTable = QuarantineTable.of(spark, tableName)
quarantineTable.write(run.entries(), asOf)

val rejectsTable = RejectsTable.of(spark, rejectsTableName)
rejectsTable.write(run.rejects(), asOf)

val blockedView = PolicyView.of(policy).publish(spark, tableName)

println(s"${run.summary().inQuarantine()} customers-channels in quarantine on $asOf written to $tableName")
println(s"${run.summary().rejected()} rejected rows written to $rejectsTableName")
println(s"policy '${policy.name()}' published as $blockedView")

// COMMAND ----------

display(quarantineTable.entries(asOf).orderBy("canal", "id_cliente"))

// COMMAND ----------

run.close() // releases the cached standardised rows; never spark.stop() on Databricks
