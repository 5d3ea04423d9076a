-- Databricks notebook source
-- MAGIC %md
-- MAGIC # The effect of a rule change
-- MAGIC Before changing a channel's period, see whom it would release or hold. The table keeps every
-- MAGIC load, so the latest contact of each customer on the channel can be rebuilt from the history
-- MAGIC and evaluated under both periods (the same rule as the library: the last day of quarantine is
-- MAGIC `data_envio + dias`, inclusive; contactable again the day after). Contacts older than every load's quarantine are not in the
-- MAGIC table, so a longer period can only be judged on the history you have loaded; to evaluate a
-- MAGIC new policy exactly, run the pipeline with it against the sources (`QuarantinePolicy` from a
-- MAGIC properties file) and compare.

-- COMMAND ----------

CREATE WIDGET TEXT tabela DEFAULT 'main.quarentena.quarentena_global';
CREATE WIDGET TEXT canal DEFAULT 'Marketing';
CREATE WIDGET TEXT dias_novos DEFAULT '5';  -- Marketing is 7 days by default
CREATE WIDGET TEXT data_carga DEFAULT '';

-- COMMAND ----------

WITH carga AS (
  SELECT coalesce(CAST(nullif(:data_carga, '') AS DATE), max(data_carga)) AS data_carga
  FROM IDENTIFIER(:tabela)
),
contatos AS (
  SELECT q.id_cliente, max(q.data_envio) AS data_envio,
         max_by(datediff(q.saida_prevista, q.data_envio), q.data_carga) AS dias_atuais
  FROM IDENTIFIER(:tabela) q JOIN carga c ON q.data_carga <= c.data_carga
  WHERE q.canal = :canal AND q.data_envio IS NOT NULL AND q.saida_prevista IS NOT NULL
  GROUP BY q.id_cliente
),
avaliado AS (
  SELECT
    t.id_cliente,
    t.data_envio,
    date_add(t.data_envio, t.dias_atuais) AS saida_atual,
    date_add(t.data_envio, CAST(:dias_novos AS INT)) AS saida_nova,
    c.data_carga
  FROM contatos t CROSS JOIN carga c
)
SELECT
  CASE
    WHEN saida_atual >= data_carga AND saida_nova < data_carga THEN 'liberado pela mudança'
    WHEN saida_atual < data_carga AND saida_nova >= data_carga THEN 'retido pela mudança'
    WHEN saida_atual >= data_carga THEN 'retido nas duas regras'
    ELSE 'livre nas duas regras'
  END AS efeito,
  count(*) AS clientes,
  min(saida_nova) AS primeira_saida_nova
FROM avaliado
GROUP BY 1
ORDER BY 1
