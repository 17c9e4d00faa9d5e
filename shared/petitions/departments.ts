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

const byKey = new Map(departments.map((d) => [d.key, d]));

export const isDepartment = (key: string): boolean => byKey.has(key);

/** A petition's departments as e-petitions renders them: known ones only, sorted by name. */
export function presentDepartments(keys: readonly string[] | undefined) {
  return (keys ?? [])
    .map((key) => byKey.get(key))
    .filter((d): d is Department => d !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(({ acronym, name, url }) => ({ acronym, name, url }));
}
