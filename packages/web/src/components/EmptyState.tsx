// Shown instead of the network when the database has no BDGD import yet.
export function EmptyState() {
  return (
    <div className="empty-state" role="status" data-testid="empty-state">
      <h2>Nenhuma base BDGD importada</h2>
      <p>Para ver a rede no mapa, importe o arquivo BDGD da distribuidora (geodatabase compactado):</p>
      <pre>npm run import -- &lt;arquivo.gdb.zip&gt;</pre>
      <p>Depois da importação, recarregue esta página.</p>
    </div>
  );
}
