import { safeLogLine } from './log-line';

/** The one logging surface every stage uses; main wires it to @actions/core, the CLI to stderr. */
export interface Logger {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/** A logger that drops everything (tests, library use). */
export const silentLogger: Logger = {
  info: () => {},
  warning: () => {},
  debug: () => {},
  group: (_name, fn) => fn(),
};

/** The logger with every message and group name rewritten by `rewrite` before it reaches `log`. */
export function mapLogger(log: Logger, rewrite: (text: string) => string): Logger {
  return {
    info: (m) => log.info(rewrite(m)),
    warning: (m) => log.warning(rewrite(m)),
    debug: (m) => log.debug(rewrite(m)),
    group: (name, fn) => log.group(rewrite(name), fn),
  };
}

/**
 * The logging edge: every message and group name made one safe line (log-line.ts) before it reaches the
 * sink, so nothing a pull request controls can write a workflow command or break a line.
 */
export function safeLogger(sink: Logger, githubActions: boolean): Logger {
  return mapLogger(sink, (m) => safeLogLine(m, githubActions));
}
