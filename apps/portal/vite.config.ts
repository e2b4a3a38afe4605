import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { RUNTIME_MODULE_ID, type ChunkingContext, type OutputBundle, type OutputChunk } from 'rolldown';
import { defineConfig, type Plugin } from 'vite';

const contracts = fileURLToPath(new URL('../../libs/contracts/src/index.ts', import.meta.url));
const swTemplate = fileURLToPath(new URL('./sw-template.js', import.meta.url));
const routesFile = fileURLToPath(new URL('./src/routes.tsx', import.meta.url));
const earlyScript = fileURLToPath(new URL('./src/early.ts', import.meta.url));

/** The screens a participant goes through to take a round: their chunks come first wherever order matters. */
const ROUND_SCREENS = ['RoundRulesPage', 'AttemptPage', 'ResultPage'];
const indexHtml = fileURLToPath(new URL('./index.html', import.meta.url));
const page = (name: string) => fileURLToPath(new URL(`./src/pages/${name}.tsx`, import.meta.url));
const requireSignIn = fileURLToPath(new URL('./src/layout/RequireSignIn.tsx', import.meta.url));

/** chunkOf's answer, once per build. */
let chunking: { ctx: ChunkingContext; chunks: Map<string, 'index' | 'round'> } | null = null;

/**
 * Which chunk a module goes to, for the round's path on a poor link, where every file beyond the browser's six
 * connections costs a 2-s round trip. Left to itself the bundler splits whatever lazy routes share into a chunk of its
 * own: the entry came as seven files and the paper as eight.
 * - `index`: the entry with all it imports, the home page's imports (the page itself stays lazy) and RequireSignIn
 *   (every signed-in screen's 0.2 KB): the first screen in one file;
 * - `round`: what the round's screens (rules, paper, result) import that neither the first screen nor the sign-in and
 *   register screens do (the countdown and outbox, the question text's sanitizer): the sign-in page does not grow,
 *   and the paper asks for four files with its start, one wave.
 * Anything else (and every page) is left to the bundler.
 */
function chunkOf(ctx: ChunkingContext): Map<string, 'index' | 'round'> {
  if (chunking?.ctx === ctx) return chunking.chunks;
  const closure = (roots: string[], stop: ReadonlySet<string> = new Set()) => {
    const ids = new Set<string>();
    const visit = (id: string) => {
      for (const dep of ctx.getModuleInfo(id)?.importedIds ?? [])
        if (!ids.has(dep) && !stop.has(dep)) {
          ids.add(dep);
          visit(dep);
        }
    };
    roots.forEach(visit);
    return ids;
  };
  const pages = new Set(declaredRoutes().map((r) => page(r.page)));
  const first = new Set([
    indexHtml,
    RUNTIME_MODULE_ID,
    requireSignIn,
    ...closure([indexHtml, page('HomePage')], pages),
  ]);
  const before = closure([page('SignInPage'), page('RegisterPage')], pages);
  const chunks = new Map<string, 'index' | 'round'>();
  for (const id of first) chunks.set(id, 'index');
  for (const id of closure(ROUND_SCREENS.map(page), pages))
    if (!first.has(id) && !before.has(id)) chunks.set(id, 'round');
  chunking = { ctx, chunks };
  return chunks;
}

/** The routes of src/routes.tsx: each path and its lazily loaded page. */
function declaredRoutes(): { pattern: string; page: string }[] {
  const source = readFileSync(routesFile, 'utf8');
  const declared = [...source.matchAll(/path: '([^']+)', Component: lazy\(\(\) => import\('\.\/pages\/(\w+)'\)\)/g)];
  if (declared.length !== (source.match(/path: '/g) ?? []).length)
    throw new Error(
      'portal build: every route in src/routes.tsx must read { path: …, Component: lazy(() => import(…)) }',
    );
  return declared.map(([, pattern, page]) => ({ pattern: pattern!, page: page! }));
}

interface BuildChunks {
  /** The app's entry with everything it imports statically (index.html preloads them). */
  entry: string[];
  /** src/early.ts, built as an entry of its own. */
  early: string;
  /**
   * Each route of src/routes.tsx: its pattern, its page, the chunks its page needs beyond the entry's, and those it
   * may load later (its own dynamic imports: a paper's typed fields).
   */
  routes: { pattern: string; page: string; files: string[]; later: string[] }[];
}

/** Reads the build's chunks: the entry's, the early script's, and each route's own (from src/routes.tsx). */
function buildChunks(bundle: OutputBundle): BuildChunks {
  const chunks = Object.values(bundle).filter((c): c is OutputChunk => c.type === 'chunk');
  const closure = (start: OutputChunk, seen = new Set<string>()): Set<string> => {
    if (!seen.has(start.fileName)) {
      seen.add(start.fileName);
      for (const name of start.imports) closure(bundle[name] as OutputChunk, seen);
    }
    return seen;
  };
  const entryChunk = chunks.find((c) => c.isEntry && c.facadeModuleId?.endsWith('index.html'));
  const earlyChunk = chunks.find((c) => c.isEntry && c.facadeModuleId === earlyScript);
  if (!entryChunk || !earlyChunk) throw new Error('portal build: the entry or src/early.ts chunk is missing');
  if (earlyChunk.imports.length) throw new Error('portal build: src/early.ts must not import anything at run time');
  const entry = closure(entryChunk);
  const routes = declaredRoutes().map(({ pattern, page }) => {
    const chunk = chunks.find((c) => c.facadeModuleId?.endsWith(`/src/pages/${page}.tsx`));
    if (!chunk) throw new Error(`portal build: no chunk for ${page}`);
    const own = closure(chunk);
    const later = new Set<string>();
    // Not the screens a shared chunk may open (the route table's lazy pages): those are routes of their own.
    const isPage = (f: string) => (bundle[f] as OutputChunk).facadeModuleId?.includes('/src/pages/') ?? false;
    for (const f of own)
      if (!entry.has(f))
        for (const d of (bundle[f] as OutputChunk).dynamicImports)
          if (!isPage(d)) closure(bundle[d] as OutputChunk, later);
    return {
      pattern,
      page,
      files: [...own].filter((f) => !entry.has(f)).map((f) => `/${f}`),
      later: [...later].filter((f) => !entry.has(f) && !own.has(f)).map((f) => `/${f}`),
    };
  });
  return { entry: [...entry].map((f) => `/${f}`), early: `/${earlyChunk.fileName}`, routes };
}

/**
 * Puts src/early.ts and the route table it reads into index.html, before the entry: the screen's chunks and first
 * API calls start with the entry instead of after it (each request is seconds on a poor mobile link). The table is
 * a JSON data block, which the page's CSP (no inline scripts) allows.
 */
function earlyStart(): Plugin {
  return {
    name: 'haidang-portal-early',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.bundle) return html;
        const { early, routes } = buildChunks(ctx.bundle);
        const table = JSON.stringify(routes.filter((r) => r.files.length).map((r) => [r.pattern, r.files]));
        const tags =
          `<script type="application/json" id="route-chunks">${table}</script>\n` +
          `    <script type="module" async crossorigin src="${early}"></script>\n    `;
        const at = html.indexOf('<script type="module"');
        if (at < 0) throw new Error('portal build: no entry script in index.html');
        return html.slice(0, at) + tags + html.slice(at);
      },
    },
  };
}

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
      // In the order the browser asks for them (at most six at a time): the first screen, then a round's screens,
      // so a participant who taps a round soon after the first visit finds them on the phone.
      const { entry, early, routes } = buildChunks(bundle);
      const roundRoutes = routes.filter((r) => ROUND_SCREENS.includes(r.page));
      const round = [...roundRoutes.flatMap((r) => r.files), ...roundRoutes.flatMap((r) => r.later)];
      const shell = ['/index.html', ...entry, early, ...round, '/manifest.webmanifest', '/icon.svg', ...files];
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
  plugins: [react(), earlyStart(), serviceWorker(), precompress()],
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
    rolldownOptions: {
      input: { index: indexHtml, early: earlyScript },
      output: {
        codeSplitting: {
          groups: [
            {
              debugName: 'index and round',
              name: (id: string, ctx: ChunkingContext) => chunkOf(ctx).get(id) ?? null,
              // Only the modules named: their dependencies shared with other screens (MUI's Modal under the submit
              // dialog, the sign-in page's too) stay where the bundler puts them.
              includeDependenciesRecursively: false,
            },
          ],
        },
      },
    },
  },
});
