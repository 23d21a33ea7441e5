import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { Nav } from "@/components/shell/nav";
import { countPendingRequests } from "@/lib/domain/access-requests/list-access-requests";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { currentUser } from "@/lib/surfaces/ui/session";
import { isSealed } from "@/lib/foundation/crypto/vault-keys";
import { db } from "@/lib/foundation/db/client";
import { PAGE_PATH_HEADER } from "@/lib/surfaces/ui/page-security";
import { safeLocalPath } from "@/lib/foundation/http/safe-local-path";
import { hasOwner } from "@/lib/domain/users/create-user";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  if (isSealed()) return null; // the root layout's banner says why
  const user = await currentUser();
  if (!user) {
    if (!(await hasOwner(db()))) redirect("/setup");
    const back = safeLocalPath((await headers()).get(PAGE_PATH_HEADER));
    redirect(back === "/" ? "/login" : `/login?callbackUrl=${encodeURIComponent(back)}`);
  }
  return (
    <div className="mx-auto flex min-h-screen max-w-6xl flex-col md:flex-row">
      <aside className="border-b border-slate-200 bg-white px-3 py-3 md:w-56 md:shrink-0 md:border-b-0 md:border-r md:py-6">
        <p className="mb-3 px-3 text-sm font-semibold tracking-wide text-slate-900">okap-vault</p>
        <Nav pendingRequests={await countPendingRequests(db(), user.id)} />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex items-center justify-end gap-3 border-b border-slate-200 bg-white px-6 py-2 text-sm text-slate-600">
          <span className="truncate" data-testid="signed-in-as">
            {user.email}
          </span>
          <SignOutButton />
        </header>
        <main className="flex-1 space-y-6 px-4 py-6 md:px-8">{children}</main>
      </div>
    </div>
  );
}
