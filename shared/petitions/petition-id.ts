/**
 * A petition's id in a path, read as petition.parliament.uk reads it (PetitionsController#
 * petition_id: `Integer(params[:id])`, ActionController::BadRequest otherwise):
 *
 * - not an integer (`abc`, `1.5`, `12abc`): 400, on JSON and pages alike;
 * - an integer no petition can have (0, negative, past nine digits): 404, as an unknown id;
 * - otherwise the id.
 */
import { MalformedAddressError, NotFoundError } from "../errors.ts";
import * as z from "../zod.ts";

const INTEGER = /^[+-]?\d+$/;
const MAX_ID = 999_999_999;

/** The id a path segment names; throws MalformedAddressError (400) or NotFoundError (404). */
export function petitionIdOf(raw: string): number {
  if (!INTEGER.test(raw)) throw new MalformedAddressError(`Invalid petition id: ${raw.slice(0, 40)}`);
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1 || id > MAX_ID)
    throw new NotFoundError("No published petition has that id");
  return id;
}

/** `{id}` path parameter as a petition id (400 when not an integer, 404 when out of range). */
export const petitionIdPathParam = z.object({
  id: z.pipe(
    z.string().check(z.describe("A petition's id (digits); anything else answers 400")),
    z.transform((raw) => petitionIdOf(raw)),
  ),
});
