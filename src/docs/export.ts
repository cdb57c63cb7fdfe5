import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { buildSite, type DocsSiteOptions } from './site.js';

/** Writes the docs site as static files (open `index.html`, or serve the directory); returns the paths written. */
export async function exportDocsSite(outDir: string, options: DocsSiteOptions = {}): Promise<string[]> {
  const root = resolve(outDir);
  // Everything is rendered before the first file is written: a spec that fails leaves no half-written site.
  const site = await buildSite(options);
  const written: string[] = [];
  for (const file of site.values()) {
    const target = join(root, file.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.body);
    written.push(target);
  }
  return written;
}
