// Small-distance geodesy on the GRS80 ellipsoid (SIRGAS 2000, EPSG:4674). Spans are ≤ a few hundred
// metres, so the local radii of curvature give lengths within millimetres of the true geodesic.

const SEMI_MAJOR_AXIS = 6378137;
const FLATTENING = 1 / 298.257222101;
const E2 = FLATTENING * (2 - FLATTENING);
const DEG = Math.PI / 180;

export interface LonLat {
  readonly lon: number;
  readonly lat: number;
}

function radii(latDeg: number): { meridian: number; normal: number } {
  const s = Math.sin(latDeg * DEG);
  const w = Math.sqrt(1 - E2 * s * s);
  return { meridian: (SEMI_MAJOR_AXIS * (1 - E2)) / (w * w * w), normal: SEMI_MAJOR_AXIS / w };
}

/** Moves a point by east/north offsets in metres. */
export function offset(point: LonLat, eastMetres: number, northMetres: number): LonLat {
  const { meridian, normal } = radii(point.lat);
  return {
    lon: point.lon + eastMetres / (normal * Math.cos(point.lat * DEG) * DEG),
    lat: point.lat + northMetres / (meridian * DEG),
  };
}

/** Geodesic length in metres between two nearby points. */
export function distanceMetres(a: LonLat, b: LonLat): number {
  const midLat = (a.lat + b.lat) / 2;
  const { meridian, normal } = radii(midLat);
  const dx = (b.lon - a.lon) * DEG * normal * Math.cos(midLat * DEG);
  const dy = (b.lat - a.lat) * DEG * meridian;
  return Math.hypot(dx, dy);
}
