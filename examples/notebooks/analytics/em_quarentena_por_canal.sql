-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Who is in quarantine, per channel
-- MAGIC On the latest load (or the `data_carga` you pick): how many customers each channel holds,
-- MAGIC how many are held open-ended (fraud suspects, until revoked at the source), and when the
-- MAGIC first and last of them leave. Needs Databricks Runtime 15.2+ (named parameter markers).

-- COMMAND ----------

CREATE WIDGET TEXT tabela DEFAULT 'main.quarentena.quarentena_global';
CREATE WIDGET TEXT data_carga DEFAULT '';

-- COMMAND ----------

WITH carga AS (
  SELECT coalesce(CAST(nullif(:data_carga, '') AS DATE), max(data_carga)) AS data_carga
  FROM IDENTIFIER(:tabela)
)
SELECT
  q.canal,
  count(*) AS clientes,
  count_if(q.saida_prevista IS NULL) AS sem_saida_prevista,
  min(q.saida_prevista) AS primeira_saida,
  max(q.saida_prevista) AS ultima_saida
FROM IDENTIFIER(:tabela) q
JOIN carga c ON q.data_carga = c.data_carga
GROUP BY q.canal
ORDER BY q.canal
