// In `npm run dev` the app is served by Vite, which proxies /api/* to the server; built, it shares the server's origin.
export const API_BASE = import.meta.env.DEV ? '/api' : '';
