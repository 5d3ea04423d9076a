-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Who leaves quarantine tomorrow
-- MAGIC Customers whose last day of quarantine (`saida_prevista`, inclusive) is the load date itself:
-- MAGIC they may be contacted again from the next day on — unless another channel's rule still holds
-- MAGIC them (the quarantine is global: see the last column).

-- COMMAND ----------

CREATE WIDGET TEXT tabela DEFAULT 'main.quarentena.quarentena_global';
CREATE WIDGET TEXT data_carga DEFAULT '';

-- COMMAND ----------

WITH carga AS (
  SELECT coalesce(CAST(nullif(:data_carga, '') AS DATE), max(data_carga)) AS data_carga
  FROM IDENTIFIER(:tabela)
),
hoje AS (
  SELECT q.* FROM IDENTIFIER(:tabela) q JOIN carga c ON q.data_carga = c.data_carga
)
SELECT
  s.id_cliente,
  s.canal,
  s.assunto,
  s.data_envio,
  s.saida_prevista,
  date_add(s.saida_prevista, 1) AS contatavel_a_partir_de,
  (SELECT count(*) FROM hoje o
    WHERE o.id_cliente = s.id_cliente AND o.canal <> s.canal
      AND (o.saida_prevista IS NULL OR o.saida_prevista > s.saida_prevista)) AS outras_quarentenas
FROM hoje s
WHERE s.saida_prevista = s.data_carga
ORDER BY s.canal, s.id_cliente
