/**
 * The OpenAPI document's body as this build's contracts make it: every route of the topology,
 * the signer's schema with the UK data of `dataDir`. Built here when the service runs from its
 * sources (the local engine, the tests), and at bundle time for the deployed function
 * (infra/aws/openapi-snapshot.ts), which then carries none of it.
 */
import { loadUkData } from "../../shared/geo/uk-data.ts";
import { buildOpenApiBody } from "../../shared/http/openapi.ts";
import { signerSchema } from "../../shared/signatures/submitted-fields.ts";
import { topology } from "../../shared/topology.ts";
import { routeContracts } from "../contracts.ts";

export const openApiBody = (dataDir: string) =>
  buildOpenApiBody(topology, routeContracts({ signer: signerSchema(loadUkData(dataDir)) }));
