// Attribute table of one asset: Portuguese labels, codes shown as their description with the raw code
// beside it, blanks omitted. The fields an operator needs first are always shown; the rest are folded
// under "Mais atributos" so the popup never needs its own scroll bar.
import {
  campoPrincipal,
  campoVisivel,
  formatarValor,
  ordenarCampos,
  rotuloDoCampo,
  valorVazio,
} from '../domain/rotulos.ts';

interface Props {
  titulo: string;
  codId: string;
  atributos: Record<string, unknown>;
  decodificados: Record<string, string>;
  aviso?: string;
}

export function CartaoDoAtivo({ titulo, codId, atributos, decodificados, aviso }: Props) {
  const decodificadosPorCampo = new Map(Object.entries(decodificados).map(([k, v]) => [k.toLowerCase(), v]));
  const campos = ordenarCampos(Object.keys(atributos)).filter(
    (c) => campoVisivel(c) && !valorVazio(atributos[c], c) && c.toLowerCase() !== 'cod_id',
  );
  const linha = (campo: string) => (
    <LinhaDeAtributo
      key={campo}
      campo={campo}
      valor={atributos[campo]}
      descricao={decodificadosPorCampo.get(campo.toLowerCase())}
    />
  );
  const principais = campos.filter(campoPrincipal);
  const demais = campos.filter((c) => !campoPrincipal(c));
  return (
    <div className="cartao-ativo" data-testid="cartao-ativo">
      <div className="cartao-ativo-titulo">{titulo}</div>
      <div className="cartao-ativo-codigo">{codId}</div>
      {aviso && <p className="cartao-ativo-aviso">{aviso}</p>}
      <dl className="cartao-ativo-atributos">{principais.map(linha)}</dl>
      {demais.length > 0 && (
        <details className="cartao-ativo-mais">
          <summary>Mais atributos ({demais.length})</summary>
          <dl className="cartao-ativo-atributos">{demais.map(linha)}</dl>
        </details>
      )}
    </div>
  );
}

function LinhaDeAtributo({ campo, valor, descricao }: { campo: string; valor: unknown; descricao?: string }) {
  const bruto = formatarValor(campo, valor);
  return (
    <div className="cartao-ativo-linha">
      <dt>{rotuloDoCampo(campo)}</dt>
      <dd data-campo={campo.toLowerCase()}>
        {descricao ? (
          <>
            <span className="valor-decodificado">{descricao}</span>{' '}
            <span className="valor-codigo">({bruto})</span>
          </>
        ) : (
          bruto
        )}
      </dd>
    </div>
  );
}
