/**
 * The UK government's ministerial departments, as data: a petition names the departments it
 * concerns (e-petitions' Department: acronym, name, gov.uk url), and the JSON and the page show
 * them sorted by name. `key` is the department's gov.uk slug, which is what a petition stores.
 */

import data from "./departments.json" with { type: "json" };

export interface Department {
  key: string;
  acronym: string;
  name: string;
  url: string;
}

/** As of 2026: the ministerial departments gov.uk lists, with the acronyms it uses. */
export const departments: readonly Department[] = data;

// Made on first use, so a bundle that never looks a department up carries no list.
let byKeyMap: ReadonlyMap<string, Department> | undefined;
const byKey = () => {
  byKeyMap ??= new Map(departments.map((d) => [d.key, d]));
  return byKeyMap;
};

export const isDepartment = (key: string): boolean => byKey().has(key);

/** A petition's departments as e-petitions renders them: known ones only, sorted by name. */
export function presentDepartments(keys: readonly string[] | undefined) {
  return (keys ?? [])
    .map((key) => byKey().get(key))
    .filter((d): d is Department => d !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(({ acronym, name, url }) => ({ acronym, name, url }));
}
