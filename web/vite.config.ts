import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `npm run dev:web`: Vite on 5173 with hot reload, the API (and its WebSockets) proxied to the
// stack `npm start` runs (MARQUEE_API, default http://127.0.0.1:8787).
const api = process.env.MARQUEE_API ?? "http://127.0.0.1:8787";
const proxy = { target: api, changeOrigin: true, ws: true };

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", sourcemap: false, chunkSizeWarningLimit: 700 },
  server: { host: "127.0.0.1", port: 5173, proxy: { "/api": proxy, "/stream": proxy, "/health": proxy } },
});
