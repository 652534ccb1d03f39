// Attribute table of one asset: Portuguese labels, codes shown as their description with the raw code
// beside it, blanks omitted.
import { campoVisivel, formatarValor, ordenarCampos, rotuloDoCampo, valorVazio } from '../domain/rotulos.ts';

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
    (c) => campoVisivel(c) && !valorVazio(atributos[c]) && c.toLowerCase() !== 'cod_id',
  );
  return (
    <div className="cartao-ativo" data-testid="cartao-ativo">
      <div className="cartao-ativo-titulo">{titulo}</div>
      <div className="cartao-ativo-codigo">{codId}</div>
      {aviso && <p className="cartao-ativo-aviso">{aviso}</p>}
      <dl className="cartao-ativo-atributos">
        {campos.map((campo) => {
          const bruto = formatarValor(campo, atributos[campo]);
          const descricao = decodificadosPorCampo.get(campo.toLowerCase());
          return (
            <div key={campo} className="cartao-ativo-linha">
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
        })}
      </dl>
    </div>
  );
}
