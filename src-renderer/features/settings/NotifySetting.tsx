/**
 * The notification switch. The desktop app notifies from its main process; in a browser (the UI
 * of `faultline serve`) this page notifies, once the browser allows it: turning the switch on
 * asks, and the page says when the browser refuses.
 */
import { useState } from 'react';
import { useApiQuery } from '../../api/hooks.ts';

type Permission = NotificationPermission | 'unsupported';

function currentPermission(): Permission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export function NotifySetting({ checked, onChange }: { checked: boolean; onChange: (on: boolean) => void }) {
  const info = useApiQuery('app.info', {});
  const inBrowser = info.data?.mode === 'headless';
  const [permission, setPermission] = useState(currentPermission);
  const toggle = (on: boolean) => {
    onChange(on);
    if (on && inBrowser && permission === 'default')
      void Notification.requestPermission().then(setPermission, () => setPermission(currentPermission()));
  };
  return (
    <label className="checkbox">
      <input type="checkbox" checked={checked} onChange={(event) => toggle(event.target.checked)} />
      Notify me of new and regressed issues
      {inBrowser && <> (in this browser, while a Faultline page is open)</>}
      {inBrowser && checked && permission === 'denied' && (
        <span className="muted" role="note">
          {' '}
          The browser blocks notifications from this page: allow them in its site settings.
        </span>
      )}
      {inBrowser && checked && permission === 'unsupported' && (
        <span className="muted" role="note">
          {' '}
          This browser cannot show notifications here (they need http://127.0.0.1 or localhost, or https).
        </span>
      )}
    </label>
  );
}
