/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Optional MapLibre style URL offered as a base map (the default stays a local plain background). */
  readonly VITE_MAPA_BASE?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
