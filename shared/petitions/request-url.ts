/** The address a request named, on the public host: what e-petitions' `request.url` gives. */
import type { APIGatewayProxyEventV2 } from "aws-lambda";

export function requestedUrl(
  publicUrl: string,
  event: Pick<APIGatewayProxyEventV2, "rawPath" | "rawQueryString">,
) {
  const query = event.rawQueryString ?? "";
  return `${publicUrl}${event.rawPath}${query ? `?${query}` : ""}`;
}
