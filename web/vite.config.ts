/**
 * Builds the web UI. Run as `vite build web` (root = this folder, output web/dist by default); the server's start-up
 * build passes --outDir to a temporary folder and swaps it in whole (src/main/web-ui-build.ts).
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  plugins: [react()],
  build: {
    target: 'es2022',
    sourcemap: false,
    // ECharts is loaded lazily by the report and dashboard charts; its chunk is expected to be large.
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      output: {
        // Named chunks for the two large libraries that only some screens load (charts; the YAML editor).
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
            { name: 'yaml', test: /node_modules[\\/]yaml[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    // `npx vite web` during development talks to a server started with `npm start` on the default port.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
