// The proxy through Next.js: one line into lib/surfaces/proxy. (`npm start` routes /v1/* to it before
// Next.js; this route serves it when VAULT_PROXY_ROUTER=next or under `next dev`.)
export { handleProxyWebRequest as GET, handleProxyWebRequest as POST } from "@/lib/surfaces/proxy/web-adapter";
export const dynamic = "force-dynamic";
