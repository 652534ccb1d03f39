// Attribute table of one asset: Portuguese labels, codes shown as their description with the raw code
// beside it, blanks omitted. The fields an operator needs first are always shown; the rest are folded
// under "Mais atributos" so the popup never needs its own scroll bar.
import {
  fieldLabel,
  formatValue,
  isBlankValue,
  isPrimaryField,
  isVisibleField,
  sortFields,
} from '../domain/fieldLabels.ts';

interface Props {
  title: string;
  codId: string;
  /** Raw BDGD attributes (`atributos` of `GET /ativos/{cod_id}`, or the tile's properties). */
  attributes: Record<string, unknown>;
  /** Decoded code fields (`decodificados` of `GET /ativos/{cod_id}`). */
  decoded: Record<string, string>;
  notice?: string;
}

export function AssetCard({ title, codId, attributes, decoded, notice }: Props) {
  const decodedByField = new Map(Object.entries(decoded).map(([k, v]) => [k.toLowerCase(), v]));
  const fields = sortFields(Object.keys(attributes)).filter(
    (f) => isVisibleField(f) && !isBlankValue(attributes[f], f) && f.toLowerCase() !== 'cod_id',
  );
  const row = (field: string) => (
    <AttributeRow
      key={field}
      field={field}
      value={attributes[field]}
      description={decodedByField.get(field.toLowerCase())}
    />
  );
  const primary = fields.filter(isPrimaryField);
  const others = fields.filter((f) => !isPrimaryField(f));
  return (
    <div className="asset-card" data-testid="asset-card">
      <div className="asset-card-title">{title}</div>
      <div className="asset-card-code">{codId}</div>
      {notice && <p className="asset-card-notice">{notice}</p>}
      <dl className="asset-card-attributes">{primary.map(row)}</dl>
      {others.length > 0 && (
        <details className="asset-card-more">
          <summary>Mais atributos ({others.length})</summary>
          <dl className="asset-card-attributes">{others.map(row)}</dl>
        </details>
      )}
    </div>
  );
}

function AttributeRow({
  field,
  value,
  description,
}: {
  field: string;
  value: unknown;
  description?: string;
}) {
  const raw = formatValue(field, value);
  return (
    <div className="asset-card-row">
      <dt>{fieldLabel(field)}</dt>
      <dd data-field={field.toLowerCase()}>
        {description ? (
          <>
            <span className="decoded-value">{description}</span> <span className="raw-code">({raw})</span>
          </>
        ) : (
          raw
        )}
      </dd>
    </div>
  );
}
