import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The SPA is built into web/dist and served by the API server; in development `vite web` proxies /api to it.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/.well-known': 'http://127.0.0.1:3000' } },
});
