// Data defects met while building a feeder model: each with how it was handled (default or exclusion).

export type DefectKind =
  | 'codigo_desconhecido'
  | 'condutor_sem_dados'
  | 'comprimento_invalido'
  | 'elemento_inalcancavel'
  | 'malha'
  | 'transformador_sem_equipamento'
  | 'transformador_sem_carga'
  | 'fases_incompativeis'
  | 'curva_ausente'
  | 'energia_nula'
  | 'carga_fora_da_rede'
  | 'capacitor_fora_da_rede'
  | 'regulador_sem_equipamento';

export interface ModelDefect {
  tipo: DefectKind;
  tabela: string;
  quantidade: number;
  descricao: string;
  tratamento: string;
  /** Up to 10 COD_IDs (or ids) of affected records. */
  exemplos: string[];
}

const MAX_EXAMPLES = 10;

/** Accumulates defects by (kind, table), counting occurrences and keeping a few examples. */
export class DefectLog {
  private readonly byKey = new Map<string, ModelDefect>();

  add(
    tipo: DefectKind,
    tabela: string,
    example: string | number | null | undefined,
    descricao: string,
    tratamento: string,
  ): void {
    const key = `${tipo}|${tabela}|${descricao}`;
    let defect = this.byKey.get(key);
    if (!defect) {
      defect = { tipo, tabela, quantidade: 0, descricao, tratamento, exemplos: [] };
      this.byKey.set(key, defect);
    }
    defect.quantidade++;
    if (example !== null && example !== undefined && defect.exemplos.length < MAX_EXAMPLES) {
      defect.exemplos.push(String(example));
    }
  }

  list(): ModelDefect[] {
    return [...this.byKey.values()].sort((a, b) => b.quantidade - a.quantidade);
  }
}
