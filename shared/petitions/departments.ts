/**
 * The UK government's ministerial departments, as data: a petition names the departments it
 * concerns (e-petitions' Department: acronym, name, gov.uk url), and the JSON and the page show
 * them sorted by name. `key` is the department's gov.uk slug, which is what a petition stores.
 */

export interface Department {
  key: string;
  acronym: string;
  name: string;
  url: string;
}

const gov = (key: string, acronym: string, name: string): Department => ({
  key,
  acronym,
  name,
  url: `https://www.gov.uk/government/organisations/${key}`,
});

export const departments: readonly Department[] = [
  gov("attorney-generals-office", "AGO", "Attorney General's Office"),
  gov("cabinet-office", "CO", "Cabinet Office"),
  gov("department-for-business-and-trade", "DBT", "Department for Business and Trade"),
  gov("department-for-culture-media-and-sport", "DCMS", "Department for Culture, Media and Sport"),
  gov("department-for-education", "DfE", "Department for Education"),
  gov("department-for-energy-security-and-net-zero", "DESNZ", "Department for Energy Security and Net Zero"),
  gov(
    "department-for-environment-food-rural-affairs",
    "Defra",
    "Department for Environment, Food & Rural Affairs",
  ),
  gov(
    "department-for-science-innovation-and-technology",
    "DSIT",
    "Department for Science, Innovation and Technology",
  ),
  gov("department-for-transport", "DfT", "Department for Transport"),
  gov("department-for-work-pensions", "DWP", "Department for Work and Pensions"),
  gov("department-of-health-and-social-care", "DHSC", "Department of Health and Social Care"),
  gov("foreign-commonwealth-development-office", "FCDO", "Foreign, Commonwealth & Development Office"),
  gov("hm-treasury", "HMT", "HM Treasury"),
  gov("home-office", "HO", "Home Office"),
  gov("ministry-of-defence", "MOD", "Ministry of Defence"),
  gov(
    "ministry-of-housing-communities-local-government",
    "MHCLG",
    "Ministry of Housing, Communities and Local Government",
  ),
  gov("ministry-of-justice", "MOJ", "Ministry of Justice"),
  gov("northern-ireland-office", "NIO", "Northern Ireland Office"),
  gov("office-of-the-advocate-general-for-scotland", "OAG", "Office of the Advocate General for Scotland"),
  gov("office-of-the-leader-of-the-house-of-commons", "OLHC", "Office of the Leader of the House of Commons"),
  gov("office-of-the-leader-of-the-house-of-lords", "OLHL", "Office of the Leader of the House of Lords"),
  gov(
    "office-of-the-secretary-of-state-for-scotland",
    "OSSS",
    "Office of the Secretary of State for Scotland",
  ),
  gov("office-of-the-secretary-of-state-for-wales", "OSSW", "Office of the Secretary of State for Wales"),
  gov("uk-export-finance", "UKEF", "UK Export Finance"),
];

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
