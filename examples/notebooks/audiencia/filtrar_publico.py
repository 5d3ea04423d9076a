# Databricks notebook source
# MAGIC %md
# MAGIC # Filter a campaign audience (Python, Spark Connect)
# MAGIC The customers of an audience that may receive a send on one channel, on one day, with the
# MAGIC category of each row. It asks the view `quarentena_bloqueios`, which the job replaces beside
# MAGIC `quarentena_global` after each load, generated from the policy's rules: scopes, exempt
# MAGIC categories, caps and open-ended lists are in it. Only `spark.sql` and `spark.table`: no
# MAGIC `spark._jvm`, no library to install, so it runs on standard access mode, serverless and
# MAGIC anything else on Spark Connect. For a table addressed by path, run the statement the job
# MAGIC wrote beside it first (`<table path>/_quarentena/bloqueios.sql`).

# COMMAND ----------

bloqueios = "main.quarentena.quarentena_bloqueios"
publico = "main.campanhas.publico_campanha"  # columns id_cliente and categoria (NULL: none)
canal = "Marketing"
data_envio = "2024-06-01"  # the day of the send, never current_date()

# COMMAND ----------

enviaveis = spark.sql(
    """
SELECT a.*
FROM IDENTIFIER(:publico) a
LEFT ANTI JOIN IDENTIFIER(:bloqueios) b
  ON b.id_cliente = a.id_cliente
 AND b.canal = :canal
 AND (b.bloqueado_ate IS NULL OR b.bloqueado_ate >= CAST(:data_envio AS DATE))
 AND NOT array_contains(b.categorias_isentas, coalesce(lower(trim(a.categoria)), ''))
ORDER BY a.id_cliente
""",
    args={"publico": publico, "bloqueios": bloqueios, "canal": canal, "data_envio": data_envio},
)
display(enviaveis)

# COMMAND ----------

# MAGIC %md
# MAGIC Why the others are held back, and from when they may be contacted (NULL: open-ended).

# COMMAND ----------

retidos = spark.sql(
    """
SELECT a.id_cliente, a.categoria, b.canal_origem, b.regra, b.bloqueado_desde, b.bloqueado_ate,
       date_add(b.bloqueado_ate, 1) AS contatavel_a_partir_de
FROM IDENTIFIER(:publico) a
JOIN IDENTIFIER(:bloqueios) b
  ON b.id_cliente = a.id_cliente
 AND b.canal = :canal
 AND (b.bloqueado_ate IS NULL OR b.bloqueado_ate >= CAST(:data_envio AS DATE))
 AND NOT array_contains(b.categorias_isentas, coalesce(lower(trim(a.categoria)), ''))
ORDER BY a.id_cliente, b.canal_origem
""",
    args={"publico": publico, "bloqueios": bloqueios, "canal": canal, "data_envio": data_envio},
)
display(retidos)
