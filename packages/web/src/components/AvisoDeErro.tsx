export function AvisoDeErro({ mensagem, aoTentarDeNovo }: { mensagem: string; aoTentarDeNovo?: () => void }) {
  return (
    <div className="aviso-erro" role="alert">
      <span>{mensagem}</span>
      {aoTentarDeNovo && (
        <button type="button" onClick={aoTentarDeNovo}>
          Tentar de novo
        </button>
      )}
    </div>
  );
}
