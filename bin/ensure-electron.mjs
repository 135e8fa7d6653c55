#!/usr/bin/env node
// Run by `npm start` and `npm run dev` before the desktop app (npm's prestart and predev). Electron's
// package downloads its binary the first time it is required, not when it is installed, and
// electron-vite only looks for the binary: without this, a fresh clone's `npm start` stopped at
// "Error: Electron uninstall".
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
try {
  // Resolves to the binary's path, downloading it first if it is missing.
  require('electron');
} catch (error) {
  process.stderr.write(
    `Faultline's desktop app needs Electron's binary, which could not be downloaded (Electron said: ${error.message})\n` +
      'Run `npx install-electron` where the download is reachable, or open the same UI in a browser: bin/faultline serve\n',
  );
  process.exit(1);
}
