import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { electronBinary } from '../support/electron-binary.ts';
import { REPO_ROOT, tempDir } from '../support/serve.ts';

// Electron downloads its binary on first use; where that download is impossible (CI here) the
// binary is absent and this test says so instead of passing silently.
const binary = electronBinary();
if (binary.reason) console.warn(`skipping the Electron smoke test: ${binary.reason}`);

describe.skipIf(binary.path === undefined)('the Electron app', () => {
  it('opens the window and shows the DSN on the setup page', async () => {
    const userData = tempDir();
    const app = await electron.launch({
      executablePath: binary.path,
      args: [REPO_ROOT, '--no-sandbox'],
      env: { ...process.env, FAULTLINE_PORT: '0', FAULTLINE_DATA_DIR: userData },
    });
    try {
      const window = await app.firstWindow();
      await window
        .getByRole('navigation', { name: 'Main' })
        .locator('a', { hasText: 'Projects & Setup' })
        .click();
      const dsn = await window.getByTestId('dsn').inputValue();
      expect(dsn).toMatch(/^http:\/\/[0-9a-f]{32}@127\.0\.0\.1:\d+\/1$/);
    } finally {
      await app.close();
    }
  });
});
