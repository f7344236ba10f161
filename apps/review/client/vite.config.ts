import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The review client, built into `apps/review/dist/client` (served by `proofsheet review`). No inline
 * script or style anywhere: the server's Content-Security-Policy allows only same-origin files.
 */
export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: {
    outDir: path.join(here, '..', 'dist', 'client'),
    emptyOutDir: true,
    // Inline assets would need `data:` fonts/scripts in the CSP; keep every asset a file.
    assetsInlineLimit: 0,
    sourcemap: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1000,
  },
  logLevel: 'warn',
});
