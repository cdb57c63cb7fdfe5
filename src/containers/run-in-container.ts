/**
 * The shape every container run takes, for the verify CLI (`--container`) and the container tests
 * alike: run something against a started target, attach the containers' last log lines when it
 * fails (a contract failure is often explained by the server's own log), and always stop.
 */
export interface RunningTarget {
  logs(tail: number): Promise<string>;
  stop(): Promise<void>;
}

export interface ContainerRunOutcome<R> {
  result: R;
  /** The last log lines, present only when `isFailure(result)` holds. */
  containerLogs?: string;
}

/** Thrown when `run` itself throws; carries the log lines the caller should print. */
export class ContainerRunError extends Error {
  constructor(message: string, readonly containerLogs: string, options?: { cause?: unknown }) {
    super(`${message}\n--- last container log lines ---\n${containerLogs}`, options);
    this.name = 'ContainerRunError';
  }
}

export async function runInContainer<R>(
  target: RunningTarget,
  run: () => Promise<R>,
  isFailure: (result: R) => boolean,
  logLines = 50,
): Promise<ContainerRunOutcome<R>> {
  try {
    let result: R;
    try {
      result = await run();
    } catch (error) {
      const logs = await target.logs(logLines).catch(() => '(container logs unavailable)');
      throw new ContainerRunError((error as Error).message, logs, { cause: error });
    }
    return isFailure(result) ? { result, containerLogs: await target.logs(logLines) } : { result };
  } finally {
    await target.stop();
  }
}
