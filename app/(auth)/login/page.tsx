import { redirect } from "next/navigation";
import { currentUser } from "@/lib/surfaces/ui/session";
import { isSealed } from "@/lib/foundation/crypto/vault-keys";
import { db } from "@/lib/foundation/db/client";
import { safeLocalPath } from "@/lib/foundation/http/safe-local-path";
import { hasOwner } from "@/lib/domain/users/create-user";
import { AuthShell } from "@/app/(auth)/auth-shell";
import { LoginForm } from "@/app/(auth)/login/login-form";

export const metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeLocalPath(params.callbackUrl);
  if (isSealed())
    return (
      <AuthShell title="Sign in" subtitle="Signing in is unavailable while the vault is sealed.">
        {null}
      </AuthShell>
    );
  if (!(await hasOwner(db()))) redirect("/setup");
  if (await currentUser()) redirect(next);
  return (
    <AuthShell title="Sign in" subtitle="Sign in to manage your keys and the apps that use them.">
      <LoginForm next={next} />
    </AuthShell>
  );
}
