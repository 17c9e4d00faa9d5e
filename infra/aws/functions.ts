/**
 * One Lambda function per topology entry: bundled with esbuild (ESM, arm64, newest Node.js),
 * its own log group, and exactly the environment the entry declares.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import { Architecture, Runtime, Tracing } from "aws-cdk-lib/aws-lambda";
import { LogLevel, NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import type { SettingName } from "../../shared/config.ts";
import { encodeFunctionSettings } from "../../shared/function-config.ts";
import { OPENAPI_BODY } from "../../shared/http/openapi-info.ts";
import { type FunctionSpec, functionDefaults } from "../../shared/topology-types.ts";
import { DATA_FILES, LAMBDA_DATA_DIR, projectRoot } from "./config.ts";
import { DATA_SNAPSHOTS, dataSnapshotDir } from "./data-snapshot.ts";
import { openApiBodyDir } from "./openapi-snapshot.ts";
import { shakableClientAliases } from "./shakable-clients.ts";
import { precompiledViewsDir } from "./views.ts";

export const SERVICE_NAME = "petitions";

/** Stands in for @aws-sdk/credential-provider-node in every bundle (relative to the project root). */
export const LAMBDA_CREDENTIALS = "shared/aws/lambda-credentials.ts";
/** Stands in for @smithy/core/event-streams in every bundle (relative to the project root). */
export const NO_EVENT_STREAMS = "shared/aws/no-event-streams.ts";
/** Stands in for @aws-sdk/endpoint-cache in every bundle (relative to the project root). */
export const NO_ENDPOINT_CACHE = "shared/aws/no-endpoint-cache.ts";

/** The esbuild options every function is bundled with (the bundle test uses the same App path). */
export const bundlingOptions = {
  format: OutputFormat.ESM,
  target: "node24",
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  // The SDK is bundled (pinned to the tested version) and tree-shaken through its ES-module builds:
  // measured the fastest cold import here (stack-cdk.md §9).
  bundleAwsSDK: true,
  mainFields: ["module", "main"],
  logLevel: LogLevel.WARNING,
  // CDK runs the local esbuild through `npx --no-install`; keep npm's update check off the network.
  environment: { npm_config_update_notifier: "false" },
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
  // On Lambda the SDK's default credential chain ends at its first link, the environment:
  // every client gets only that provider (shared/aws/lambda-credentials.ts).
  // Pages render precompiled views (`PETITIONS_PRECOMPILED_VIEWS` below), so they need only
  // nunjucks' slim runtime: no lexer, parser or compiler (~50 KB).
  // No client here has an event-stream operation, so the codec the SDK's protocols would load
  // for one stays out (~19 KiB; shared/aws/no-event-streams.ts).
  // No DynamoDB command discovers endpoints, so the cache the client builds for discovery is an
  // empty stand-in, without mnemonist's LRU (~7.5 KiB; shared/aws/no-endpoint-cache.ts).
  alias: {
    "@aws-sdk/credential-provider-node": `./${LAMBDA_CREDENTIALS}`,
    "@smithy/core/event-streams": `./${NO_EVENT_STREAMS}`,
    "@aws-sdk/endpoint-cache": `./${NO_ENDPOINT_CACHE}`,
    nunjucks: "nunjucks/browser/nunjucks-slim.js",
  },
  // Each function's own setting names are added by `defineFor` below.
  define: {
    // Pages render the views precompiled beside the bundle (shared/web/render.ts).
    PETITIONS_PRECOMPILED_VIEWS: "true",
    // Functions that read the UK data find its and the members' snapshots beside the bundle
    // (shared/geo/uk-data.ts, shared/geo/members.ts), so they carry no reader of the files.
    PETITIONS_UK_DATA_SNAPSHOT: "true",
    // The OpenAPI document's body is built at bundle time into the data directory of the
    // function that serves it (functions/http/openapi.ts, infra/aws/openapi-snapshot.ts).
    PETITIONS_OPENAPI_BODY: "true",
  },
} as const;

/**
 * The defines of one function's bundle: the common ones and its own setting names, so
 * functionConfig needs no topology (~20 KB of routes, descriptions and triggers) and the bundle
 * carries no other function's names (~7 KB for all of them).
 */
export const defineFor = (spec: Pick<FunctionSpec, "name" | "settings">): Record<string, string> => ({
  ...bundlingOptions.define,
  PETITIONS_FUNCTION_SETTINGS: JSON.stringify(encodeFunctionSettings([spec])),
});

/**
 * Every alias of a bundle: the stand-ins above, and each SDK client whose schemas esbuild cannot
 * tree-shake as published to the copy it can (infra/aws/shakable-clients.ts; SES v2, −43 KiB).
 */
export const bundleAliases = (): Record<string, string> => ({
  ...bundlingOptions.alias,
  ...shakableClientAliases(projectRoot),
});

/** The options as NodejsFunction takes them (the aliases go in as esbuild arguments). */
const { alias: _aliases, ...bundlingProps } = bundlingOptions;

/** Values of the settings the infrastructure provides; undefined ones are left to code defaults. */
export type SettingValues = Partial<Record<SettingName, string>>;

export interface TopologyFunctionProps {
  spec: FunctionSpec;
  settingValues: SettingValues;
  /** Absolute path of the UK reference data, copied into bundles of functions that declare DATA_DIR. */
  dataDir: string;
  /** Caps (and reserves) the function's concurrency. */
  reservedConcurrentExecutions?: number;
}

/** The environment of one function: exactly its declared settings that have a value, plus runtime flags. */
export function environmentFor(spec: FunctionSpec, values: SettingValues): Record<string, string> {
  const environment: Record<string, string> = {
    NODE_OPTIONS: "--enable-source-maps",
    POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
  };
  for (const name of spec.settings) {
    const value = values[name];
    if (value !== undefined) environment[name] = value;
  }
  return environment;
}

/** Handler modules named in the topology that do not exist on disk. */
export function missingHandlers(specs: readonly FunctionSpec[]): string[] {
  return specs.filter((spec) => !existsSync(resolve(projectRoot, spec.handler))).map((spec) => spec.handler);
}

const shellQuote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/**
 * Creates the function with construct id = the entry's name, directly in `scope` (so its logical
 * id starts with the name).
 */
export function createTopologyFunction(scope: Construct, props: TopologyFunctionProps): NodejsFunction {
  const { spec, settingValues, dataDir } = props;
  let entry = resolve(projectRoot, spec.handler);
  if (!existsSync(entry)) {
    // Without bundling (unit tests, `cdk ls`) the code is a placeholder asset anyway; with
    // bundling a missing handler is an error.
    if (Stack.of(scope).bundlingRequired) {
      throw new Error(
        `Topology entry ${spec.name}: handler module ${spec.handler} does not exist (expected ${entry})`,
      );
    }
    entry = resolve(projectRoot, "shared/topology.ts");
  }
  const needsData = (spec.settings as readonly string[]).includes("DATA_DIR");

  const logGroup = new LogGroup(scope, `${spec.name}Logs`, {
    retention: RetentionDays.THREE_MONTHS,
    removalPolicy: RemovalPolicy.DESTROY,
  });

  return new NodejsFunction(scope, spec.name, {
    entry,
    handler: "handler",
    projectRoot,
    depsLockFilePath: resolve(projectRoot, "package-lock.json"),
    description: spec.description.slice(0, 256),
    runtime: Runtime.NODEJS_LATEST,
    architecture: Architecture.ARM_64,
    timeout: Duration.seconds(spec.timeoutSeconds ?? functionDefaults.timeoutSeconds),
    memorySize: spec.memoryMB ?? functionDefaults.memoryMB,
    // X-Ray active tracing: Lambda records each invocation; shared/tracing.ts adds the subsegments.
    tracing: Tracing.ACTIVE,
    ...(props.reservedConcurrentExecutions !== undefined
      ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions }
      : {}),
    logGroup,
    environment: environmentFor(spec, {
      ...settingValues,
      ...(needsData ? { DATA_DIR: LAMBDA_DATA_DIR } : {}),
    }),
    bundling: {
      ...bundlingProps,
      define: defineFor(spec),
      mainFields: [...bundlingOptions.mainFields],
      // esbuild resolves a relative alias from its working directory, the project root.
      esbuildArgs: {
        "--alias": Object.entries(bundleAliases()).map(([from, to]) => `${from}=${to}`),
      },
      commandHooks: {
        beforeBundling: () => [],
        beforeInstall: () => [],
        afterBundling: (_inputDir: string, outputDir: string) => [
          ...(needsData
            ? [
                `mkdir -p ${shellQuote(`${outputDir}/data`)}`,
                ...DATA_FILES.map(
                  (file) => `cp ${shellQuote(resolve(dataDir, file))} ${shellQuote(`${outputDir}/data/`)}`,
                ),
                // The same data read and checked once here, which the function then reads instead.
                ...DATA_SNAPSHOTS.map(
                  (file) =>
                    `cp ${shellQuote(join(dataSnapshotDir(dataDir), file))} ${shellQuote(`${outputDir}/data/`)}`,
                ),
              ]
            : []),
          // The OpenAPI document's body, built from the contracts here (infra/aws/openapi-snapshot.ts).
          ...(spec.openApiBody
            ? [
                `mkdir -p ${shellQuote(`${outputDir}/data`)}`,
                `cp ${shellQuote(join(openApiBodyDir(dataDir), OPENAPI_BODY))} ${shellQuote(`${outputDir}/data/`)}`,
              ]
            : []),
          // Pages render the views and GOV.UK Frontend's templates precompiled (infra/aws/views.ts).
          ...(spec.web
            ? [
                `cp -r ${shellQuote(precompiledViewsDir(bundlingOptions.target))} ${shellQuote(`${outputDir}/templates`)}`,
              ]
            : []),
        ],
      },
    },
  });
}
