import { OUTCOMES } from "@/lib/domain/usage/usage-filter";
import { FilterForm, FilterSelect, type FilterOption } from "@/components/cockpit/filter-form";

type FilterChoices = { apps?: { id: string; name: string }[]; providers?: { id: string; name: string }[]; models: string[] };

/**
 * A GET form of usage filters (the page re-renders on the server): app, provider, model, outcome,
 * from / before dates. Values come back from the URL.
 */
export function UsageFilterForm({
  action,
  values,
  choices,
  showOutcome = false,
}: {
  action: string;
  values: Record<string, string>;
  choices: FilterChoices;
  showOutcome?: boolean;
}) {
  const select = (name: string, label: string, options: FilterOption[], all: string) => (
    <FilterSelect name={name} label={label} options={options} all={all} value={values[name]} />
  );
  return (
    <FilterForm action={action} values={values} active={Object.keys(values).some((k) => k !== "page")} testId="usage-filters">
      {choices.apps &&
        select(
          "grant_id",
          "App",
          choices.apps.map((a) => ({ value: a.id, label: a.name })),
          "All apps",
        )}
      {choices.providers &&
        select(
          "provider",
          "Provider",
          choices.providers.map((p) => ({ value: p.id, label: p.name })),
          "All providers",
        )}
      {select(
        "model",
        "Model",
        choices.models.map((m) => ({ value: m, label: m })),
        "All models",
      )}
      {showOutcome &&
        select(
          "outcome",
          "Status",
          OUTCOMES.map((o) => ({ value: o, label: o.replace("_", " ") })),
          "Any status",
        )}
    </FilterForm>
  );
}
