import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const contracts = fileURLToPath(new URL('../../libs/contracts/src/index.ts', import.meta.url));
const swTemplate = fileURLToPath(new URL('./sw-template.js', import.meta.url));

/**
 * Emits /sw.js with the list of every file of this build (the app shell and each route's chunk: together well under
 * a megabyte), versioned by their names so a new deploy replaces the old cache. Hand-written rather than
 * vite-plugin-pwa, which would bring workbox-build and its Babel and Rollup into the install for a few lines.
 */
function serviceWorker(): Plugin {
  return {
    name: 'haidang-portal-sw',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle)
        .filter((f) => /\.(js|css|svg|webmanifest|woff2?)$/.test(f) && !f.startsWith('.vite/'))
        .map((f) => `/${f}`)
        .sort();
      const shell = ['/index.html', '/manifest.webmanifest', '/icon.svg', ...files];
      const version = createHash('sha256').update(shell.join('\n')).digest('hex').slice(0, 12);
      const source = readFileSync(swTemplate, 'utf8')
        .replace('__VERSION__', version)
        .replace('__PRECACHE__', JSON.stringify([...new Set(shell)]));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

// Served by the API at /; in development the dev server forwards /api and the live socket to a running API.
export default defineConfig({
  base: '/',
  plugins: [react(), serviceWorker()],
  resolve: { alias: { '#contracts': contracts } },
  server: {
    port: 5174,
    proxy: {
      '/api': { target: process.env.API_URL ?? 'http://localhost:3000', changeOrigin: false },
      '/socket.io': { target: process.env.API_URL ?? 'http://localhost:3000', ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // The manifest lets bench/portal/bundle-size.mjs tell first-load chunks from the ones each route loads later.
    manifest: true,
  },
});
