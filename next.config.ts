import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Everything is served by server/main.ts, which owns the HTTP server; Next never compresses
  // (the proxy's SSE must pass through untouched) and never sees /v1/* in production.
  compress: false,
  typedRoutes: false,
};

export default nextConfig;
