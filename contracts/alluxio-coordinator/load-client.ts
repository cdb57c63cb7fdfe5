/**
 * A load client as an operator's pipeline step or console drives the coordinator (the same
 * submit → progress → stop flow as `alluxio job load --submit | --progress | --stop`), written
 * from the document's three `/api/v1/load` calls: POST the paths and options, GET the progress by
 * the returned id, DELETE with the id to stop. Every answer is JSON: `{id}`, a progress object, or
 * `{status}` (an error message, or `ok`).
 */

export interface LoadAnswer {
  httpStatus: number;
  body: Record<string, unknown>;
}

export interface LoadProgress {
  id: string;
  state: string;
  paths?: string[];
  [field: string]: unknown;
}

export class LoadClient {
  constructor(private readonly baseUrl: string) {}

  private async call(method: 'GET' | 'POST' | 'DELETE', query: string, body?: unknown): Promise<LoadAnswer> {
    const response = await fetch(`${this.baseUrl}/api/v1/load${query}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { httpStatus: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** `--submit`: 200 with a new id, or 409 with the id of the unfinished job it resumed. */
  submit(paths: string[], options: Record<string, unknown> = {}): Promise<LoadAnswer> {
    return this.call('POST', '', { paths, options });
  }

  /** `--progress`: the job's progress (404 `{status}` for an unknown id). */
  async progress(id: string): Promise<LoadProgress> {
    const answer = await this.call('GET', `?id=${encodeURIComponent(id)}`);
    if (answer.httpStatus !== 200) throw new Error(`progress of ${id} answered ${answer.httpStatus}: ${JSON.stringify(answer.body)}`);
    return answer.body as LoadProgress;
  }

  /** `--stop`: 200 `{status: ok}`, or 410 once the job is gone or finished. */
  stop(id: string): Promise<LoadAnswer> {
    return this.call('DELETE', '', { id });
  }
}
