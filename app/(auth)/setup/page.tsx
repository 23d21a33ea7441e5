import { notFound } from "next/navigation";
import { isSealed } from "@/lib/foundation/crypto/vault-keys";
import { db } from "@/lib/foundation/db/client";
import { PASSWORD_MIN } from "@/lib/domain/auth/password";
import { hasOwner } from "@/lib/domain/users/create-user";
import { AuthShell } from "@/app/(auth)/auth-shell";
import { SetupForm } from "@/app/(auth)/setup/setup-form";

export const metadata = { title: "Set up your vault" };

/** First run only: once the owner exists this page is gone (404). */
export default async function SetupPage() {
  if (isSealed() || (await hasOwner(db()))) notFound();
  return (
    <AuthShell title="Set up your vault" subtitle="Create the owner account. You will approve every app that asks for your keys.">
      <SetupForm passwordMin={PASSWORD_MIN} />
    </AuthShell>
  );
}
