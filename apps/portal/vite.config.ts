import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
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

/**
 * Writes a .br and a .gz copy of every text file of the build: the API serves them as they are (@fastify/static's
 * preCompressed) instead of compressing each response, and a phone on a 50 KB/s link downloads a third of the bytes.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'haidang-portal-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
          e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)],
        );
      for (const file of walk(outDir).filter((f) => /\.(js|css|svg|webmanifest|json)$/.test(f))) {
        const bytes = readFileSync(file);
        if (bytes.length < 1024) continue;
        writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
        writeFileSync(`${file}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
      }
    },
  };
}

// Served by the API at /; in development the dev server forwards /api and the live socket to a running API.
export default defineConfig({
  base: '/',
  plugins: [react(), serviceWorker(), precompress()],
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
