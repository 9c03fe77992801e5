import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig, type Plugin } from 'vite';

// The API origin `npm run dev` proxies to (the server started beside Vite).
const API = process.env.VINTEDBOT_API ?? 'http://127.0.0.1:8001';

// Replaced by the server with each answer's style nonce (its Content-Security-Policy allows no other inline style).
export const CSP_NONCE_PLACEHOLDER = 'VINTEDBOT_CSP_NONCE';

/**
 * The theme script must run before the first paint, so it is a classic blocking script in <head>; the CSP forbids
 * inline scripts, so the build emits it as a hashed file under /assets. The dev server (no CSP) inlines it.
 */
function themeBootScript(): Plugin {
  const file = fileURLToPath(new URL('./src/theme-boot.js', import.meta.url));
  let fileName = '';
  let build = false;
  return {
    name: 'vintedbot-theme-boot',
    configResolved(c) {
      build = c.command === 'build';
    },
    buildStart() {
      if (!build) return;
      const source = fs.readFileSync(file, 'utf8');
      fileName = `assets/theme-boot-${createHash('sha256').update(source).digest('hex').slice(0, 10)}.js`;
      this.emitFile({ type: 'asset', fileName, source });
    },
    transformIndexHtml: {
      order: 'pre',
      handler(_html, ctx) {
        if (ctx.server) return [{ tag: 'script', children: fs.readFileSync(file, 'utf8'), injectTo: 'head' }];
        return [{ tag: 'script', attrs: { src: `/${fileName}` }, injectTo: 'head' }];
      },
    },
  };
}

export default defineConfig({
  // Vite's esbuild compiles JSX; @vitejs/plugin-react is left out because it would pull Vite 8 into this tree.
  esbuild: { jsx: 'automatic' },
  plugins: [tailwindcss(), themeBootScript()],
  // Vite writes <meta property="csp-nonce" nonce="…"> and nonces on its tags; src/csp-nonce.ts hands the value to
  // the UI library that injects <style> elements.
  html: { cspNonce: CSP_NONCE_PLACEHOLDER },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    chunkSizeWarningLimit: 900,
    rollupOptions: {
      // Radix ships "use client" directives for server-component bundlers; they mean nothing in this SPA.
      onwarn(w, warn) {
        if (w.code !== 'MODULE_LEVEL_DIRECTIVE') warn(w);
      },
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    // In dev the app calls /api/…; the prefix is stripped so the server sees its real paths.
    proxy: { '/api': { target: API, changeOrigin: true, rewrite: (p) => p.replace(/^\/api/, '') } },
  },
});
