import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vite';

// The API origin `npm run dev` proxies to (the server started beside Vite).
const API = process.env.VINTEDBOT_API ?? 'http://127.0.0.1:8001';

export default defineConfig({
  // Vite's esbuild compiles JSX; @vitejs/plugin-react is left out because it would pull Vite 8 into this tree.
  esbuild: { jsx: 'automatic' },
  plugins: [tailwindcss()],
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
