-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Who leaves quarantine tomorrow
-- MAGIC Customers whose last day of quarantine (`saida_prevista`, inclusive) is the load date itself:
-- MAGIC they may be contacted again from the next day on — unless another entry still holds them. The
-- MAGIC last column lists the outbound channels still blocked the next day, read from the view
-- MAGIC `quarentena_bloqueios` (generated from the policy: a rule scoped to one channel holds only
-- MAGIC that one). Needs the view of the same load: the job replaces it after each load.

-- COMMAND ----------

CREATE WIDGET TEXT tabela DEFAULT 'main.quarentena.quarentena_global';
CREATE WIDGET TEXT bloqueios DEFAULT 'main.quarentena.quarentena_bloqueios';
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
  (SELECT array_sort(collect_set(b.canal)) FROM IDENTIFIER(:bloqueios) b
    WHERE b.id_cliente = s.id_cliente AND b.canal_origem <> s.canal
      AND (b.bloqueado_ate IS NULL OR b.bloqueado_ate > s.saida_prevista)) AS ainda_bloqueado_em
FROM hoje s
WHERE s.saida_prevista = s.data_carga
ORDER BY s.canal, s.id_cliente
