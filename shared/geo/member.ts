/**
 * One constituency's member of Parliament, as the petition JSON names them. Apart from
 * members.ts (which reads mps.csv) so that presenting a petition does not bring the UK data
 * reader, and its CSV parser, into functions that read no data.
 */
export interface Member {
  /** As Parliament writes it (`Rt Hon Wendy Morton MP`); null when the seat is vacant. */
  name: string | null;
  party: string | null;
  /** YYYY-MM-DD the member's current term began; null when vacant. */
  since: string | null;
}

/** A seat with no member. */
export const VACANT: Member = { name: null, party: null, since: null };

/** The member for a constituency, or a vacant seat when the data has none. */
export const memberOf = (members: ReadonlyMap<string, Member>, onsCode: string): Member =>
  members.get(onsCode) ?? VACANT;
