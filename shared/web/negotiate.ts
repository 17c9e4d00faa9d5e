/** JSON for programs that ask for it, HTML for people. */
import type { APIGatewayProxyEventV2 } from "aws-lambda";

export function wantsJson(event: APIGatewayProxyEventV2): boolean {
  const accept = Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === "accept")?.[1] ?? "";
  return /application\/json/i.test(accept) && !/text\/html/i.test(accept);
}
