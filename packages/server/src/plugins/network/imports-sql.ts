// SQL for the import catalogue and its defect reports.
export const LIST_IMPORTS = `
  SELECT i.id_importado, i.nome, i.arquivo, i.sha256, i.distribuidora, i.descricao, i.importado_em,
         i.duracao_s, i.contagens,
         coalesce(d.tipos, 0)::int AS n_defeitos, coalesce(d.ocorrencias, 0)::int AS ocorrencias_defeitos
    FROM public.importados i
    LEFT JOIN (
      SELECT id_importado, count(*) AS tipos, sum(quantidade) AS ocorrencias
        FROM public.defeitos_importacao GROUP BY id_importado
    ) d USING (id_importado)
   ORDER BY i.id_importado`;

export const IMPORT_DEFECTS = `
  SELECT tipo, camada, campo, quantidade, descricao, exemplos
    FROM public.defeitos_importacao
   WHERE id_importado = $1
   ORDER BY quantidade DESC, tipo, camada`;
