/**
 * A page of the archive as /archived/petitions.json and its page both read it: the parliament
 * asked for (the latest dissolved when none is), 404 for a number no dissolved parliament has.
 */
import { NotFoundError } from "../errors.ts";
import { type ArchiveQuery, archivedPage } from "./archive.ts";
import { allParliaments, type Parliament, periodOf } from "./parliament.ts";

export interface DissolvedParliament {
  number: number;
  period: string | null;
  dissolution_at: string | null;
}

export async function archivedList(
  query: Omit<ArchiveQuery, "parliament"> & { parliament?: number | undefined },
  publicUrl: string,
) {
  const dissolved: DissolvedParliament[] = (await allParliaments())
    .filter((p: Parliament) => p.dissolved_at)
    .map((p) => ({ number: p.number, period: periodOf(p), dissolution_at: p.dissolution_at }));
  const parliament = query.parliament ?? dissolved.at(-1)?.number;
  if (query.parliament !== undefined && !dissolved.some((p) => p.number === query.parliament))
    throw new NotFoundError("No dissolved parliament has that number");
  const { data, more } =
    parliament === undefined
      ? { data: [], more: false }
      : await archivedPage({ ...query, parliament }, publicUrl);
  return { parliament, dissolved, data, more };
}
