/** The seed's link to the running engine: what it says about itself, and its `/_local/...` routes. */

export interface EngineDescription {
  url: string;
  dynamoEndpoint: string;
  tableName: string;
  settings: {
    DATA_DIR: string;
    THRESHOLD_FOR_MODERATION: number;
    THRESHOLD_FOR_RESPONSE: number;
    THRESHOLD_FOR_DEBATE: number;
    PETITION_DURATION_MONTHS: number;
    SIGNER_INDEX_SHARDS: number;
    HASH_KEY?: string;
  };
}

export class SeedError extends Error {
  override name = "SeedError";
}

export async function describeEngine(url: string): Promise<EngineDescription> {
  let response: Response;
  try {
    response = await fetch(`${url}/_local/engine.json`);
  } catch {
    throw new SeedError(`No local service answers at ${url}: start it with \`npm start\` first.`);
  }
  if (!response.ok)
    throw new SeedError(`${url} is not the local engine (GET /_local/engine.json gave ${response.status}).`);
  return (await response.json()) as EngineDescription;
}

export async function local(url: string, method: string, path: string): Promise<Response> {
  const response = await fetch(`${url}${path}`, { method });
  if (!response.ok && response.status !== 503) {
    throw new SeedError(`${method} ${path} gave ${response.status}: ${await response.text()}`);
  }
  return response;
}
