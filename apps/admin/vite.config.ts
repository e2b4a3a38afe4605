import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const contracts = fileURLToPath(new URL('../../libs/contracts/src/index.ts', import.meta.url));

// Served by the API under /admin; in development the dev server forwards /api to a running API (npm run dev).
export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  resolve: { alias: { '#contracts': contracts } },
  server: {
    port: 5173,
    proxy: { '/api': { target: process.env.API_URL ?? 'http://localhost:3000', changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // The manifest lets bench/admin/bundle-size.mjs tell first-load chunks from the ones each route loads later.
    manifest: true,
  },
});
