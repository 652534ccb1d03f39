// Synthetic BDGD generator — public API.
export { writeTruncatedCopy, zipGdb } from './archive.ts';
export type { DefectOptions, InvalidGeometryKind } from './defects.ts';
export { type GenerateOptions, generateBdgd, planFromOptions } from './generate.ts';
export type { FeederManifest, GenerateResult, InjectedDefect } from './manifest.ts';
export { BDGD_LAYER_NAMES, BDGD_LAYERS, type LayerDef, type LayerName, layerDef } from './schema.ts';
