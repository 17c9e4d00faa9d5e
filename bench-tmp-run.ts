import { freePort } from "./infra/local/emulators.ts";
import { projectRoot, startEngine } from "./infra/local/engine.ts";
import { benchReadApi } from "./test/bench/read-api.ts";
process.env.POWERTOOLS_LOG_LEVEL = "WARN";
const engine = await startEngine({ root: projectRoot, port: await freePort(), dynamoPort: await freePort(), sesPort: await freePort(), dataPath: null, scheduleIntervalSeconds: 0, log: (l) => process.stderr.write(`[engine] ${l}\n`) });
const t = Date.now();
try { console.log(JSON.stringify(await benchReadApi({ baseUrl: engine.url, dynamoEndpoint: engine.dynamoEndpoint, tableName: engine.tableName }), null, 1)); }
catch (e) { console.error(String(e)); }
finally { console.error(`total ${(Date.now() - t) / 1000}s`); await engine.stop(); }
