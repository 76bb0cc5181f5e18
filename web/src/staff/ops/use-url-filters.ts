import { useSearchParams } from "react-router";

/**
 * A list's filters kept in the address (so a filtered view can be shared and survives a reload):
 * every key of `blank` is a search parameter, an empty value is left out.
 */
export function useUrlFilters<T extends Record<string, string>>(blank: T): [T, (next: T) => void] {
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(Object.keys(blank).map((key) => [key, params.get(key) ?? ""])) as T;
  const change = (next: T) =>
    setParams(
      Object.fromEntries(
        Object.entries(next)
          .filter(([, value]) => value.trim() !== "")
          .map(([k, v]) => [k, v.trim()]),
      ),
      {
        replace: true,
      },
    );
  return [filters, change];
}
