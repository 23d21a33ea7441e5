import Link from "next/link";
import { OUTCOMES } from "@/lib/usage/usage-filter";

const CONTROL = "block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm sm:w-auto";

type FilterChoices = { apps?: { id: string; name: string }[]; providers?: { id: string; name: string }[]; models: string[] };

/**
 * A GET form of usage filters (the page re-renders on the server): app, provider, model, outcome,
 * from / before dates. Values come back from the URL.
 */
export function UsageFilterForm({ action, values, choices, showOutcome = false }: { action: string; values: Record<string, string>; choices: FilterChoices; showOutcome?: boolean }) {
  const select = (name: string, label: string, options: { value: string; label: string }[], all: string) => (
    <label className="space-y-1">
      <span className="block text-slate-600">{label}</span>
      <select name={name} defaultValue={values[name] ?? ""} className={CONTROL}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
  const active = Object.keys(values).some((k) => k !== "page");
  return (
    <form method="get" action={action} className="flex flex-wrap items-end gap-3 text-sm" data-testid="usage-filters">
      {choices.apps && select("grant_id", "App", choices.apps.map((a) => ({ value: a.id, label: a.name })), "All apps")}
      {choices.providers && select("provider", "Provider", choices.providers.map((p) => ({ value: p.id, label: p.name })), "All providers")}
      {select("model", "Model", choices.models.map((m) => ({ value: m, label: m })), "All models")}
      {showOutcome && select("outcome", "Status", OUTCOMES.map((o) => ({ value: o, label: o.replace("_", " ") })), "Any status")}
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
