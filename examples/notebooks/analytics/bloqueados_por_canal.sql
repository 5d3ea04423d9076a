-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Who may not be contacted, per outbound channel
-- MAGIC The policy's answer, not the table's: the view `quarentena_bloqueios` (generated from the
-- MAGIC rules after each load) already applies every rule's scope, so a customer held by a global
-- MAGIC rule counts on every channel and one held by a rule scoped to Marketing only there. For a
-- MAGIC send date (default: the load date), how many customers each channel must skip, how many
-- MAGIC only for categories that are not exempt, and how many open-ended (until revoked at the source).

-- COMMAND ----------

CREATE WIDGET TEXT bloqueios DEFAULT 'main.quarentena.quarentena_bloqueios';
CREATE WIDGET TEXT data_envio DEFAULT '';

-- COMMAND ----------

WITH bloqueando AS (
  SELECT b.*
  FROM IDENTIFIER(:bloqueios) b
  WHERE b.bloqueado_ate IS NULL
     OR b.bloqueado_ate >= coalesce(CAST(nullif(:data_envio, '') AS DATE), b.data_carga)
)
SELECT
  canal,
  count(DISTINCT id_cliente) AS clientes,
  count(DISTINCT CASE WHEN size(categorias_isentas) > 0 THEN id_cliente END) AS com_isencao,
  count(DISTINCT CASE WHEN bloqueado_ate IS NULL THEN id_cliente END) AS sem_saida_prevista,
  max(bloqueado_ate) AS ultima_saida
FROM bloqueando
GROUP BY canal
ORDER BY canal
