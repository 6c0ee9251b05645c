/** The desktop-notification port: Electron's Notification behind a plain function, so the rest stays testable under Node. */
import type { AlarmView } from '../../shared/alarms.js';

/** One desktop notification. */
export interface AlarmNotification {
  title: string;
  body: string;
}

/** Shows a notification (Electron: `new Notification(n).show()`); headless stations pass none. */
export type AlarmNotify = (notification: AlarmNotification) => void;

/** What a raised alarm says on the desktop. */
export function notificationFor(alarm: AlarmView): AlarmNotification {
  const body = [alarm.detail, alarm.guidance].filter(Boolean).join('\n');
  return { title: `Alarm: ${alarm.title}`, body };
}
