// Tile coordinates (XYZ, Web Mercator) and their checks beyond what the route schema can express.
import { badRequest } from '../../http-errors.ts';

export interface TileCoordinates {
  z: number;
  x: number;
  y: number;
}

/** Throws a 400 when x or y is outside 0 … 2^z − 1. */
export function checkTileCoordinates({ z, x, y }: TileCoordinates): void {
  const size = 2 ** z;
  if (x >= size || y >= size) {
    throw badRequest(`no zoom ${z}, x e y vão de 0 a ${size - 1} (recebido x=${x}, y=${y})`);
  }
}

/** Longitude/latitude of a tile's north-west corner. */
export function tileCornerLonLat(z: number, x: number, y: number): [number, number] {
  const n = 2 ** z;
  const lon = (x / n) * 360 - 180;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / n))) * 180) / Math.PI;
  return [lon, lat];
}

/** Tile containing a longitude/latitude at zoom z. */
export function tileForLonLat(lon: number, lat: number, z: number): TileCoordinates {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const rad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return { z, x: Math.min(n - 1, Math.max(0, x)), y: Math.min(n - 1, Math.max(0, y)) };
}
