// Mounts the single map instance. The controller is created once per mount and handed to the parent;
// nothing here re-renders the map.
import { useEffect, useRef } from 'react';
import { ControladorDoMapa } from '../map/ControladorDoMapa.ts';

export function VistaDoMapa({ aoCriar }: { aoCriar: (controlador: ControladorDoMapa | null) => void }) {
  const elemento = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!elemento.current) return;
    const controlador = new ControladorDoMapa(elemento.current);
    aoCriar(controlador);
    return () => {
      aoCriar(null);
      controlador.destruir();
    };
  }, [aoCriar]);
  return <div ref={elemento} className="mapa" data-testid="mapa" />;
}
