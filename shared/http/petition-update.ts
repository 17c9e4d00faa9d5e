/**
 * The handler of a moderator's change to a published petition that can email every subscribed
 * signer (the government's response, a debate): the petition after the change, and the mail
 * job's id when signers are emailed.
 */
import type { PetitionRecord } from "../petitions/model.ts";
import type { petitionIdPath } from "../petitions/petition-json.ts";
import { presentAttributes } from "../petitions/present.ts";
import type { MassMailSettings } from "../petitions/responses.ts";
import type * as z from "../zod.ts";
import type { Staff } from "./auth.ts";
import type { RouteContract } from "./contract.ts";
import { httpRoute, type Schema } from "./handler.ts";
import { json } from "./responses.ts";

type Update<B extends Schema> = (
  id: number,
  input: z.output<B>,
  staff: Staff,
  now: Date,
  settings: MassMailSettings,
) => Promise<{ petition: PetitionRecord; jobId: string | null }>;

export function petitionUpdateHandler<B extends Schema>(
  contract: RouteContract<B, Schema, typeof petitionIdPath>,
  update: Update<B>,
  settings: MassMailSettings,
) {
  return httpRoute(contract, async ({ path, body, staff }) => {
    if (!staff) throw new Error("The moderator role check did not run");
    const { petition, jobId } = await update(path.id, body, staff, new Date(), settings);
    return json(200, { data: { id: petition.id, attributes: presentAttributes(petition) }, job_id: jobId });
  });
}
