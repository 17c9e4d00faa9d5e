import { IN_MEMORY_HASH_KEY } from "../../infra/local/hash-key.ts";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
process.env.POWERTOOLS_LOG_LEVEL ??= "SILENT";
process.env.POWERTOOLS_METRICS_DISABLED ??= "true";
process.env.POWERTOOLS_DEV ??= "false";
// Tests hash as the in-memory engine they run beside does (infra/local/hash-key.ts).
process.env.HASH_KEY ??= IN_MEMORY_HASH_KEY;
