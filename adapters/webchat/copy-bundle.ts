/**
 * `npm run webchat:bundle` (also run by `postinstall` and `prestart`): copies the official Web Chat
 * bundle out of the `botframework-webchat` devDependency (486 MB installed) into
 * `public/vendor/`, so the server serves the widget itself (never a CDN) and a production image
 * carries one 1.9 MB file instead of the package. Never fails the install: a missing package
 * (an install without dev dependencies) is reported, and the server says so on the page.
 */
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `webchat-minimal.js`: text, suggested actions, file upload and Arabic/RTL, without Adaptive Cards and speech (half the size). */
export const BUNDLE_FILE = 'webchat-minimal.js';
export const VENDOR_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../public/vendor');

/** Where the installed package keeps the bundle (its `exports` map hides package.json, so the entry point is resolved). */
function bundleSource(): string | undefined {
  try {
    let dir = dirname(createRequire(import.meta.url).resolve('botframework-webchat'));
    while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
    const file = join(dir, 'dist', BUNDLE_FILE);
    return existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

/** Copies the bundle when it is missing or differs in size; returns what happened. */
export function copyBundle(target = VENDOR_DIR): 'copied' | 'up to date' | 'package missing' {
  const source = bundleSource();
  if (!source) return 'package missing';
  const dest = join(target, 'webchat.js');
  if (existsSync(dest) && statSync(dest).size === statSync(source).size && statSync(dest).mtimeMs >= statSync(source).mtimeMs) return 'up to date';
  mkdirSync(target, { recursive: true });
  copyFileSync(source, dest);
  const licence = `${source}.LICENSE.txt`;
  if (existsSync(licence)) copyFileSync(licence, join(target, 'webchat.js.LICENSE.txt'));
  return 'copied';
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const outcome = copyBundle();
    if (outcome === 'package missing') {
      const there = existsSync(join(VENDOR_DIR, 'webchat.js'));
      process.stdout.write(
        there
          ? 'webchat: botframework-webchat is not installed; keeping public/vendor/webchat.js\n'
          : 'webchat: botframework-webchat is not installed (a dev dependency), so public/vendor/webchat.js is missing: run `npm install` with dev dependencies to get the chat widget\n',
      );
    } else if (outcome === 'copied') {
      process.stdout.write(`webchat: copied botframework-webchat/dist/${BUNDLE_FILE} to public/vendor/webchat.js\n`);
    }
  } catch (err) {
    // An install must never fail because of the widget copy; the server reports a missing file.
    process.stdout.write(`webchat: could not copy the widget bundle: ${(err as Error).message}\n`);
  }
}
