/** Loads topology handlers and invokes them as Lambda would, with a Lambda-shaped context. */
import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Context } from "aws-lambda";
import { type FunctionSpec, functionDefaults } from "../../shared/topology-types.ts";
import { invocationScope } from "./call-log.ts";

export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

export class FunctionRunner {
  private readonly loaded = new Map<string, Promise<LambdaHandler>>();

  constructor(private readonly root: string) {}

  private load(spec: FunctionSpec): Promise<LambdaHandler> {
    let handler = this.loaded.get(spec.name);
    if (!handler) {
      handler = import(pathToFileURL(resolve(this.root, spec.handler)).href).then(
        (module: { handler?: unknown }) => {
          if (typeof module.handler !== "function") throw new Error(`${spec.handler} exports no handler`);
          return module.handler as LambdaHandler;
        },
      );
      this.loaded.set(spec.name, handler);
    }
    return handler;
  }

  /** Imports every handler now, so a broken module fails start-up rather than a request. */
  async preload(specs: readonly FunctionSpec[]): Promise<void> {
    await Promise.all(specs.map((spec) => this.load(spec)));
  }

  async invoke(spec: FunctionSpec, event: unknown): Promise<unknown> {
    const handler = await this.load(spec);
    const timeoutMs = (spec.timeoutSeconds ?? functionDefaults.timeoutSeconds) * 1000;
    const started = Date.now();
    const context: Context = {
      callbackWaitsForEmptyEventLoop: false,
      functionName: spec.name,
      functionVersion: "$LATEST",
      invokedFunctionArn: `arn:aws:lambda:eu-west-2:000000000000:function:${spec.name}`,
      memoryLimitInMB: String(spec.memoryMB ?? functionDefaults.memoryMB),
      awsRequestId: randomUUID(),
      logGroupName: `/local/${spec.name}`,
      logStreamName: "local",
      getRemainingTimeInMillis: () => Math.max(0, timeoutMs - (Date.now() - started)),
      done: () => {},
      fail: () => {},
      succeed: () => {},
    };
    return invocationScope.run({ fn: spec.name, invocation: context.awsRequestId }, () =>
      handler(event, context),
    );
  }
}
