/**
 * The Electron entry: window, tray, menu and IPC. Thin on purpose: everything else is the core
 * (src-main/core), which runs the same under plain Node in `faultline serve`.
 */
// First, for its effect: sizes libuv's thread pool before anything uses it (where Electron has not).
import './core/thread-pool-size.ts';
import fs from 'node:fs';
import path from 'node:path';
import {
  app,
  BrowserWindow,
  clipboard,
  dialog,
  ipcMain,
  Menu,
  Notification,
  nativeImage,
  session,
  shell,
  Tray,
} from 'electron';
import { IPC_CALL_CHANNEL, IPC_LIVE_CHANNEL } from '../src-shared/api.ts';
import { type IssueNotification, startIssueNotifier } from './core/alerts/notifier.ts';
import { trayTooltip, watchUnresolvedCount } from './core/alerts/tray-status.ts';
import { dispatch } from './core/api/dispatch.ts';
import { type Core, createCore } from './core/core.ts';
import { PortInUseError } from './core/http/server.ts';
import { CONTENT_SECURITY_POLICY } from './core/http/static.ts';
import { readSettingsOf } from './core/settings/settings-store.ts';

interface WindowState {
  width: number;
  height: number;
  x?: number;
  y?: number;
  maximized?: boolean;
}

const stateFile = () => path.join(app.getPath('userData'), 'window-state.json');

function loadWindowState(): WindowState {
  try {
    return JSON.parse(fs.readFileSync(stateFile(), 'utf8')) as WindowState;
  } catch {
    return { width: 1280, height: 820 };
  }
}

function saveWindowState(window: BrowserWindow): void {
  const bounds = window.getNormalBounds();
  const state: WindowState = { ...bounds, maximized: window.isMaximized() };
  fs.writeFileSync(stateFile(), JSON.stringify(state));
}

function createWindow(): BrowserWindow {
  const state = loadWindowState();
  const window = new BrowserWindow({
    ...state,
    show: false,
    title: 'Faultline',
    webPreferences: {
      preload: path.join(import.meta.dirname, '../preload/preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  if (state.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  window.on('close', () => saveWindowState(window));

  // Navigation and new windows are blocked; http(s) links open in the user's browser.
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//i.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });

  if (process.env.ELECTRON_RENDERER_URL) void window.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void window.loadFile(path.join(import.meta.dirname, '../renderer/index.html'));
  return window;
}

function createTray(core: Core): Tray {
  const tray = new Tray(
    nativeImage.createFromPath(path.join(import.meta.dirname, '../../resources/tray.png')),
  );
  tray.setToolTip('Faultline');
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Copy DSN', click: () => clipboard.writeText(core.ctx.projects.defaultDsn(1) ?? '') },
      { type: 'separator' },
      { label: 'Quit Faultline', role: 'quit' },
    ]),
  );
  return tray;
}

/** A click opens the issue (or the list, for a burst) in the window. */
function showNotification(window: BrowserWindow, notification: IssueNotification): void {
  if (!Notification.isSupported()) return;
  const bubble = new Notification({ title: notification.title, body: notification.body });
  bubble.on('click', () => {
    if (window.isDestroyed()) return;
    const hash = notification.groupId === undefined ? '#/issues' : `#/issues/${notification.groupId}`;
    void window.webContents.executeJavaScript(`window.location.hash = ${JSON.stringify(hash)}`);
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  });
  bubble.show();
}

async function start(): Promise<void> {
  // FAULTLINE_DATA_DIR lets tests and power users keep data outside Electron's userData folder.
  const dataDir = process.env.FAULTLINE_DATA_DIR ?? app.getPath('userData');
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });

  let core: Core;
  try {
    // The stored setting (Settings page) unless FAULTLINE_PORT says otherwise for this launch. Read
    // here, inside the try: a data dir that cannot be read or written is said in the dialog too.
    const port = Number(process.env.FAULTLINE_PORT ?? readSettingsOf(dataDir).port);
    core = await createCore({
      dataDir,
      port,
      mode: 'desktop',
      // A data dir the pipeline cannot open (a damaged events.duckdb): say which file, then quit,
      // as `faultline serve` exits 1, rather than run on with nothing processed.
      onFatal: (error) => {
        dialog.showErrorBox('Faultline cannot continue', error.message);
        // (It may fire before createCore has returned: then there is no core to close yet.)
        void Promise.resolve((core as Core | undefined)?.close()).finally(() => app.exit(1));
      },
    });
  } catch (error) {
    const detail =
      error instanceof PortInUseError
        ? `${error.message}\n\nTo use another port for this launch, start Faultline with FAULTLINE_PORT=<port>; then change it on the Settings page.`
        : (error as Error).message;
    dialog.showErrorBox('Faultline cannot start', detail);
    app.exit(1);
    return;
  }

  ipcMain.handle(IPC_CALL_CHANNEL, (_event, method: unknown, params: unknown) =>
    dispatch(core.ctx, String(method), params),
  );
  const window = createWindow();
  const unsubscribe = core.ctx.live.subscribe((event) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_LIVE_CHANNEL, event);
  });
  const tray = createTray(core);
  const stopTray = watchUnresolvedCount(core.ctx.live, core.ctx.db, (count) =>
    tray.setToolTip(trayTooltip(count)),
  );
  const stopNotifier = startIssueNotifier({
    live: core.ctx.live,
    db: core.ctx.db,
    show: (notification) => showNotification(window, notification),
  });

  app.on('before-quit', () => {
    unsubscribe();
    stopTray();
    stopNotifier();
    void core.close();
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  void app.whenReady().then(start);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
