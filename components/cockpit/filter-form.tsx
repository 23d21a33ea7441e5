import Link from "next/link";
import type { ReactNode } from "react";

const CONTROL = "block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm sm:w-auto";

export type FilterOption = { value: string; label: string };

/** One select of a filter form; its first option ("" = `all`) means no filter. */
export function FilterSelect({
  name,
  label,
  options,
  all,
  value,
}: {
  name: string;
  label: string;
  options: readonly FilterOption[];
  all: string;
  value: string | undefined;
}) {
  return (
    <label className="space-y-1">
      <span className="block text-slate-600">{label}</span>
      <select name={name} defaultValue={value ?? ""} className={CONTROL}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * A GET filter form (the page re-renders on the server; values come back from the URL): the
 * page's own controls, then from / before dates, Filter, and Clear while any filter is set.
 */
export function FilterForm({
  action,
  values,
  active,
  testId,
  children,
}: {
  action: string;
  values: Record<string, string>;
  active: boolean;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <form method="get" action={action} className="flex flex-wrap items-end gap-3 text-sm" data-testid={testId}>
      {children}
      <label className="space-y-1">
        <span className="block text-slate-600">From</span>
        <input type="date" name="since" defaultValue={values.since ?? ""} className={CONTROL} />
      </label>
      <label className="space-y-1">
        <span className="block text-slate-600">Before</span>
        <input type="date" name="until" defaultValue={values.until ?? ""} className={CONTROL} />
      </label>
      <button type="submit" className="rounded-md bg-slate-900 px-3 py-1.5 font-medium text-white hover:bg-slate-700">
        Filter
      </button>
      {active && (
        <Link href={action} className="px-2 py-1.5 text-slate-600 hover:text-slate-900">
          Clear
        </Link>
      )}
    </form>
  );
}
