"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { NAV_ITEMS } from "@/components/shell/nav-items";
import { usePolled } from "@/components/shell/use-polled";

export function Nav({ pendingRequests }: { pendingRequests: number }) {
  const pathname = usePathname();
  const pending = usePolled("/api/ui/requests?status=pending", pendingRequests, (json: { pending_count: number }) => json.pending_count);
  return (
    <nav aria-label="Main" className="flex gap-1 overflow-x-auto md:flex-col md:overflow-visible">
      {NAV_ITEMS.map((item) => {
        const active = item.href === "/" ? pathname === "/" : pathname.startsWith(item.href);
        if (!item.ready) {
          return (
            <span
              key={item.href}
              className="flex shrink-0 items-center justify-between gap-2 rounded-md px-3 py-1.5 text-sm text-slate-400"
              title="Not built yet"
            >
              {item.label}
              <span className="text-[10px] uppercase tracking-wide">soon</span>
            </span>
          );
        }
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            className={`shrink-0 rounded-md px-3 py-1.5 text-sm font-medium ${active ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-200/60"}`}
          >
            {item.label}
            {item.href === "/requests" && pending > 0 && (
              <span
                className="ml-2 rounded-full bg-amber-500 px-1.5 py-0.5 text-xs font-semibold text-white"
                data-testid="pending-count"
                aria-label={`${pending} pending`}
              >
                {pending}
              </span>
            )}
          </Link>
        );
      })}
    </nav>
  );
}
