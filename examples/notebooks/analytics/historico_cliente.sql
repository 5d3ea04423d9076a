-- Databricks notebook source
-- MAGIC %md
-- MAGIC # One customer's history across load dates
-- MAGIC "Why was this customer suppressed?" Every load that held the customer, on which channel,
-- MAGIC from which contact, until when. For what the table looked like at an older version, add
-- MAGIC `VERSION AS OF n` (or `TIMESTAMP AS OF ...`) after the table name; the versions are listed
-- MAGIC by `DESCRIBE HISTORY main.quarentena.quarentena_global` (one version per load, each a
-- MAGIC replacement of one `data_carga`).

-- COMMAND ----------

CREATE WIDGET TEXT tabela DEFAULT 'main.quarentena.quarentena_global';
CREATE WIDGET TEXT id_cliente DEFAULT '1234567890';

-- COMMAND ----------

SELECT data_carga, canal, assunto, data_envio, qtd_dias, saida_prevista,
       CASE WHEN saida_prevista IS NULL THEN 'até ser revogado na origem'
            ELSE concat('até ', saida_prevista) END AS bloqueado
FROM IDENTIFIER(:tabela)
WHERE id_cliente = :id_cliente
ORDER BY data_carga DESC, canal

