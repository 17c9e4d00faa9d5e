/** GET /petitions.csv?state=&q=: the list as e-petitions' CSV download. */
import { loadConfig } from "../../shared/config.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { text } from "../../shared/http/responses.ts";
import { petitionsCsv } from "../../shared/petitions/csv.ts";
import { csvQuerySchema } from "../../shared/petitions/listing.ts";

const config = loadConfig(["TABLE_NAME", "PUBLIC_URL"]);

export const handler = httpRoute(
  { query: csvQuerySchema, cache: { maxAge: 60, staleWhileRevalidate: 60 } },
  async ({ query }) => {
    const { body, truncated } = await petitionsCsv(query, config.PUBLIC_URL);
    return text(200, body, "text/csv; charset=utf-8", {
      "content-disposition": 'attachment; filename="filtered-petitions.csv"',
      ...(truncated ? { "x-csv-truncated": "true" } : {}),
    });
  },
);
