// Databricks notebook source
// MAGIC %md
// MAGIC # Transformation (`etl/transformacao`)
// MAGIC
// MAGIC Each source is described once — channel, column mapping, date formats, row filter — and the
// MAGIC library applies the policy's rules to all of them in one Spark plan. No hand-written
// MAGIC `datediff`/`date_add` per channel: the rule objects of `quarentena-core` are translated into
// MAGIC Spark expressions, so this table and `Quarantine.isSuppressed` can never disagree.
// MAGIC
// MAGIC What this fixes from the article: `saida_prevista` counted from the contact date (not the
// MAGIC load date), one row per customer and channel, future-dated contacts reported instead of
// MAGIC counted, unusable rows kept in a rejects table with a reason.

// COMMAND ----------

val crm = SourceSpec.forChannel("crm", Channel.CRM)
  .filter("data_base = {data_carga}") // the spreadsheet keeps history: only today's data_base
  .build()
val marketing = SourceSpec.forChannel("marketing", Channel.MARKETING)
  .map("assunto", "subject")
  .build()
val recomendacao = SourceSpec.forChannel("recomendacao", Channel.RECOMENDACAO).build()
val restritos = SourceSpec.forChannel("restritos", Channel.RESTRITOS)
  .map("email", "contatos.email")
  .map("telefone", "contatos.numero_telefone")
  .map("assunto", "motivos.descricao")
  .map("data_envio", "contatos.data_solicitacao") // a timestamp with offset: the zone decides the day
  .build()
val ofertas = SourceSpec.forChannel("ofertas", Channel.OFERTAS).build()
val fraude = SourceSpec.forChannel("fraude", Channel.FRAUDE)
  .map("data_envio", "dt_inclus")
  .constant("assunto", "suspeita de fraude")
  .build()

// COMMAND ----------

// Read every source where it lies, with the job's readers: CSV and xlsx as text, so ids keep their
// zeros and spreadsheet numbers become integer text (never 1.23456789E9).
import scala.collection.JavaConverters._

val dataCarga = asOf.toString.replace("-", "")
val inputs = Seq(
  SourceInput.of(crm, SparkSources.xlsx(spark, s"$sourcesDir/crm/crm_data.xlsx", Map("sheet" -> "contatos").asJava)),
  SourceInput.of(marketing, SparkSources.read(spark, "csv", s"$sourcesDir/marketing/marketing_$dataCarga.csv", Map("sep" -> ";").asJava)),
  SourceInput.of(recomendacao, spark.read.parquet(s"$sourcesDir/recomendacao")),
  SourceInput.of(restritos, spark.read.json(s"$sourcesDir/restritos/restritos_data.json")),
  SourceInput.of(ofertas, spark.read.format("delta").load(s"$sourcesDir/ofertas")),
  SourceInput.of(fraude, spark.read.format("delta").load(s"$sourcesDir/fraude")))

// COMMAND ----------

val pipeline = QuarantinePipeline.builder(policy).build() // zone: America/Sao_Paulo unless set
val run = pipeline.run(asOf, inputs: _*)

// read = accepted + rejected, per source; in quarantine, per channel
println(run.summary().toTable())

// COMMAND ----------

display(run.entries().orderBy("canal", "id_cliente"))

// COMMAND ----------

// MAGIC %md Rows that could not be used, with the reason and the raw values. Nothing is dropped silently.

// COMMAND ----------

display(run.rejects())
