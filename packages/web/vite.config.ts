// Vite build of the web console. In `vite dev` the API paths are proxied to the server (port 8000);
// in production the server itself serves `dist/` on the same origin.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const serverUrl = process.env.REDE_SERVIDOR_URL ?? 'http://localhost:8000';
const apiPaths = ['/tiles', '/alimentadores', '/ativos', '/importacoes', '/saude', '/ws', '/docs'];

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: Object.fromEntries(apiPaths.map((p) => [p, { target: serverUrl, ws: p === '/ws' }])),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
});
