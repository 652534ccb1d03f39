// Mounts the single map instance. The controller is created once per mount and handed to the parent;
// nothing here re-renders the map.
import { useEffect, useRef } from 'react';
import { MapController } from '../map/MapController.ts';

export function MapView({ onCreate }: { onCreate: (mapController: MapController | null) => void }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const mapController = new MapController(element.current);
    onCreate(mapController);
    return () => {
      onCreate(null);
      mapController.destroy();
    };
  }, [onCreate]);
  return <div ref={element} className="map" data-testid="map" />;
}
