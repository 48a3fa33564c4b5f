/** Series of one metric by label set, made on first use. */
export interface SeriesTable<V> {
  /** the series of a label set, made (from a copy of `labels`) on first use; the same object every time after */
  get(labels: Readonly<Record<string, unknown>>): V;
  /** the series of a label set when there is one */
  find(labels: Readonly<Record<string, unknown>>): V | undefined;
  values(): IterableIterator<V>;
}

/**
 * The series of one metric keyed the way prom-client keys its own: the values as strings by sorted label name, an
 * undefined one left out (so `{ op: 1 }` and `{ op: "1" }` are one series). A label the metric does not have throws
 * here, at the caller, with prom-client's message.
 *
 * @example
 * const table = createSeriesTable(["operation"], (labels) => ({ labels, count: 0 }));
 * table.get({ operation: "Converse" }).count++;
 */
export function createSeriesTable<V>(labelNames: readonly string[], make: (labels: Readonly<Record<string, string>>) => V): SeriesTable<V> {
  const sortedNames = [...labelNames].sort();
  const byKey = new Map<string, V>();
  const keyOf = (labels: Readonly<Record<string, unknown>>): string => {
    for (const name of Object.keys(labels)) {
      if (!labelNames.includes(name)) throw new Error(`Added label "${name}" is not included in initial labelset`);
    }
    let key = "";
    for (const name of sortedNames) {
      const value = labels[name];
      if (value !== undefined) key += `${name}:${String(value)},`;
    }
    return key;
  };
  return {
    get(labels) {
      const key = keyOf(labels);
      let found = byKey.get(key);
      if (found === undefined) {
        // a copy: the caller may reuse its object
        found = make({ ...labels } as Record<string, string>);
        byKey.set(key, found);
      }
      return found;
    },
    find: (labels) => byKey.get(keyOf(labels)),
    values: () => byKey.values(),
  };
}
