import type { Metadata, Viewport } from "next";
import { cookies } from "next/headers";
import { CsrfProvider } from "@/components/api-client";
import { SealedBanner } from "@/components/sealed-banner";
import { sealState } from "@/lib/foundation/crypto/vault-keys";
import { CSRF_COOKIE } from "@/lib/surfaces/ui/csrf";
import "@/app/globals.css";

export const metadata: Metadata = {
  title: { default: "okap-vault", template: "%s · okap-vault" },
  description: "Your AI provider keys, shared with apps on your terms.",
  referrer: "no-referrer",
  robots: { index: false, follow: false },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

// Every page is rendered per request: it carries a fresh CSP nonce and reads the session.
export const dynamic = "force-dynamic";

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const csrf = (await cookies()).get(CSRF_COOKIE)?.value ?? "";
  const state = sealState();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        {state.sealed && <SealedBanner reason={state.reason} />}
        <CsrfProvider token={csrf}>{children}</CsrfProvider>
      </body>
    </html>
  );
}
