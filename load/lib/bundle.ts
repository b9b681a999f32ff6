/**
 * The bundle the image runs (deploy/build.ts → `dist/smartdb.mjs`), built once per benchmark process:
 * every benchmark measures regions and edges as they are deployed, not through the development
 * TypeScript loader.
 */
import { buildDist } from '../../deploy/build.ts';

let built: Promise<string> | undefined;

/** The path of `dist/smartdb.mjs`, freshly built from the working tree the first time it is asked. */
export function bundledEntry(): Promise<string> {
  built ??= buildDist().then((b) => b.entry);
  return built;
}
