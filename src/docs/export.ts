import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { renderSite, type DocsSiteOptions } from './site.js';

/** Writes the docs site as static files (open `index.html`, or serve the directory); returns the paths written. */
export async function exportDocsSite(outDir: string, options: DocsSiteOptions = {}): Promise<string[]> {
  const root = resolve(outDir);
  const files = await renderSite(options);
  const written: string[] = [];
  for (const file of files) {
    const target = join(root, file.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.body);
    written.push(target);
  }
  return written;
}
