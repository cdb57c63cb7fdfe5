/** The parts of a HAR 1.2 file (http://www.softwareishard.com/blog/har-12-spec/) that check-har reads. */
export interface HarNameValue {
  name: string;
  value: string;
}

export interface HarEntry {
  startedDateTime?: string;
  /** Total time of the exchange in ms. */
  time?: number;
  request: {
    method: string;
    url: string;
    headers?: HarNameValue[];
    queryString?: HarNameValue[];
    postData?: { mimeType?: string; text?: string };
  };
  response: {
    status: number;
    headers?: HarNameValue[];
    content?: { mimeType?: string; text?: string; encoding?: string; size?: number };
  };
}

export interface HarFile {
  log: { version?: string; creator?: { name: string; version?: string }; entries: HarEntry[] };
}
