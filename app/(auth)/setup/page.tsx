import { notFound } from "next/navigation";
import { isSealed } from "@/lib/crypto/vault-keys";
import { db } from "@/lib/db/client";
import { PASSWORD_MIN } from "@/lib/auth/password";
import { hasOwner } from "@/lib/users/create-user";
import { AuthShell } from "../auth-shell";
import { SetupForm } from "./setup-form";

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
