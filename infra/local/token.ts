/**
 * `npm run token -- --role moderator` prints a staff token the local engine accepts: an RS256
 * access token signed with the development key in .local-data/ (made on first use), from the
 * engine's issuer. `--url` names the engine (default `http://localhost:$PORT`, PORT 3000).
 */
import { parseArgs } from "node:util";
import type { Role } from "../../shared/topology-types.ts";
import { signStaffToken } from "./staff-token.ts";

const { values } = parseArgs({
  options: {
    role: { type: "string", multiple: true, default: ["moderator"] },
    sub: { type: "string" },
    expires: { type: "string", default: "8h" },
    url: { type: "string", default: `http://localhost:${process.env.PORT || 3000}` },
  },
});

const roles = (values.role ?? []).flatMap((r) => r.split(","));
const unknown = roles.filter((r) => r !== "moderator" && r !== "sysadmin");
if (unknown.length > 0) {
  process.stderr.write(`Unknown role ${unknown.join(", ")}: use moderator or sysadmin\n`);
  process.exit(2);
}
process.stdout.write(
  `${await signStaffToken(values.url, { roles: roles as Role[], sub: values.sub, expiresIn: values.expires })}\n`,
);
