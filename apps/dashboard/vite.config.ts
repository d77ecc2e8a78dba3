// Dev: `pnpm dev` serves the dashboard with hot reload and proxies the API paths to the running stack.
// Build: dist/ is served by apps/server on the same origin as the API.
import { defaultClientConditions, defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const stack = process.env.MAD_STACK_URL ?? 'http://localhost:8080';
const proxied = ['/trpc', '/api', '/auth', '/idp'];

export default defineConfig({
  plugins: [react()],
  // Workspace packages from source (@mad/chem/box), as typecheck and tests read them: no stale dist in dev.
  resolve: { conditions: ['@mad/source', ...defaultClientConditions] },
  server: {
    port: 5173,
    proxy: Object.fromEntries(proxied.map((path) => [path, { target: stack, changeOrigin: false, ws: false }])),
  },
  build: {
    target: 'es2022',
    sourcemap: true,
    // 3Dmol and RDKit are split into their own lazy chunks; only the shell is in the entry.
    chunkSizeWarningLimit: 2_000,
    rolldownOptions: {
      // 3Dmol.js evaluates user-supplied callback strings with eval; known and harmless here (we pass functions).
      onwarn(warning, warn) {
        if (warning.code === 'EVAL' && warning.id?.includes('3dmol')) return;
        warn(warning);
      },
    },
  },
});
