import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * The files the offline field app needs (issue 18): the entry, the field screens and everything they import,
 * found from the bundle's import graph. Only these are precached, so a phone on a slow link downloads the
 * field app's shell and not the county desk's charts and Excel writer.
 */
const fieldShell = new Set<string>();

function collectFieldShell(): Plugin {
  return {
    name: 'dixian-field-shell',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = new Map(
        Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [[c.fileName, c] as const] : [])),
      );
      const add = (fileName: string): void => {
        const chunk = chunks.get(fileName);
        if (!chunk || fieldShell.has(fileName)) return;
        fieldShell.add(fileName);
        for (const css of chunk.viteMetadata?.importedCss ?? []) fieldShell.add(css);
        for (const imported of chunk.imports) add(imported);
      };
      for (const chunk of chunks.values()) {
        if (chunk.isEntry || chunk.facadeModuleId?.includes('/src/features/field/')) add(chunk.fileName);
      }
    },
  };
}

export default defineConfig({
  plugins: [
    react(),
    collectFieldShell(),
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: 'script-defer',
      manifest: {
        name: '底线 · 防返贫外业',
        short_name: '底线外业',
        description: '村干部、网格员入户走访、排查和信息更正,无信号时也能记录,有信号时自动上传。',
        lang: 'zh-CN',
        start_url: '/field',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        background_color: '#ffffff',
        theme_color: '#1f5fbf',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,png,svg,woff2}'],
        manifestTransforms: [
          (entries) => ({
            manifest: entries.filter((e) => !e.url.startsWith('assets/') || fieldShell.has(e.url)),
            warnings: [],
          }),
        ],
        // every page path is the single-page app; the API is never answered from the cache (no personal data
        // in the service worker's caches)
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
});
