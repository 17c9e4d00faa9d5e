/**
 * Stands in for `@smithy/core/event-streams` in every Lambda bundle: the bundles alias that module
 * here (infra/aws/functions.ts, `bundlingOptions`). The SDK's protocols import it lazily, only to
 * serialise or read an operation's event-stream member, and no client these functions use (DynamoDB,
 * SES v2, Secrets Manager) has an operation with one. Without the alias esbuild inlines the whole
 * event-stream codec (~19 KiB minified) into every bundle that holds a client. A client that one day
 * gains such an operation fails loudly here rather than silently; the local engine and the tests
 * do not run bundles and keep the real module.
 */

const NOT_BUNDLED =
  "@smithy/core/event-streams is not in this bundle: no client here has an event-stream operation (shared/aws/no-event-streams.ts)";

/** The marshaller factory the protocols ask for before they build the serde. */
export const eventStreamSerdeProvider = (): never => {
  throw new Error(NOT_BUNDLED);
};

/** The serde the protocols build around it. */
export class EventStreamSerde {
  constructor() {
    throw new Error(NOT_BUNDLED);
  }
}
