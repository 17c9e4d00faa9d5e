/**
 * Progress for a long step: a bar with the rate and the time left on a terminal (cli-progress),
 * a plain line every few seconds otherwise (CI logs, pipes), and nothing at all when quiet.
 */
import { Presets, SingleBar } from "cli-progress";

export interface Progress {
  /** Moves to `value` of `total`. */
  update(value: number): void;
  /** Shows the final figure and ends the line. */
  finish(): void;
}

/** `done`: how much was already done when watching began (it does not count towards the rate). */
export type ProgressFactory = (label: string, total: number, unit: string, done?: number) => Progress;

const number = (n: number) => Math.round(n).toLocaleString("en-GB");

/**
 * The pace since the step began. A step may begin part done (counting starts while signatures
 * are still being written): the rate counts only what was done while watching.
 */
class Pace {
  private readonly started = performance.now();

  constructor(
    private readonly total: number,
    private readonly baseline: number,
  ) {}

  rate(value: number): number {
    const seconds = (performance.now() - this.started) / 1000;
    return seconds > 0 ? (value - this.baseline) / seconds : 0;
  }

  left(value: number): string {
    const perSecond = this.rate(value);
    if (value >= this.total) return "0 s";
    return perSecond > 0 ? `${Math.ceil((this.total - value) / perSecond)} s` : "unknown";
  }

  get seconds(): number {
    return (performance.now() - this.started) / 1000;
  }
}

function terminalBar(stream: NodeJS.WriteStream): ProgressFactory {
  return (label, total, unit, done = 0) => {
    const pace = new Pace(total, done);
    const bar = new SingleBar(
      {
        stream,
        format: `${label.padEnd(11)} {bar} {percentage}% | {done}/{all} ${unit} | {rate} ${unit}/s | {left} left`,
        hideCursor: true,
        clearOnComplete: false,
        barsize: 28,
      },
      Presets.shades_classic,
    );
    const payload = (value: number) => ({
      done: number(value),
      all: number(total),
      rate: number(pace.rate(value)),
      left: pace.left(value),
    });
    bar.start(Math.max(total, 1), done, {
      done: number(done),
      all: number(total),
      rate: "0",
      left: "unknown",
    });
    return {
      update: (value) => bar.update(value, payload(value)),
      finish: () => {
        bar.update(Math.max(total, 1), payload(total));
        bar.stop();
      },
    };
  };
}

function plainLines(write: (line: string) => void, everyMs: number): ProgressFactory {
  return (label, total, unit, done = 0) => {
    const pace = new Pace(total, done);
    let lastLine = 0;
    const line = (value: number) =>
      `${label}: ${number(value)} of ${number(total)} ${unit} (${total > 0 ? Math.floor((100 * value) / total) : 100}%), ` +
      `${number(pace.rate(value))} ${unit}/s, ${pace.left(value)} left`;
    return {
      update: (value) => {
        if (performance.now() - lastLine < everyMs) return;
        lastLine = performance.now();
        write(line(value));
      },
      finish: () => write(`${line(total)}; done in ${pace.seconds.toFixed(1)} s`),
    };
  };
}

const silent: ProgressFactory = () => ({ update: () => {}, finish: () => {} });

/** A bar on a terminal, plain lines elsewhere; `quiet` for tests. */
export function progressFor(stream: NodeJS.WriteStream, quiet = false): ProgressFactory {
  if (quiet) return silent;
  if (stream.isTTY) return terminalBar(stream);
  return plainLines((line) => stream.write(`${line}\n`), 2_000);
}
