/** The form that switches the station's router: embedded, a site config file, or a router URL. */
import { useState, type FormEvent, type ReactElement } from 'react';
import type { ConnectionTarget } from '../../../../shared/ipc.js';
import { useGate } from '../../stores/lock-store.js';

interface ConnectionFormProps {
  initial: ConnectionTarget | null;
  busy: boolean;
  onSwitch(target: ConnectionTarget): void;
}

type Kind = ConnectionTarget['kind'];

/** Turns the form fields into a target, or names the field that is missing. */
export function targetFromFields(kind: Kind, fields: Record<string, string>): { ok: true; target: ConnectionTarget } | { ok: false; error: string } {
  const value = (name: string) => (fields[name] ?? '').trim();
  if (kind === 'embedded') return { ok: true, target: { kind: 'embedded' } };
  if (kind === 'site') {
    if (!value('siteFile')) return { ok: false, error: 'Site file: enter the path of an OCS site config (.yaml)' };
    const host = value('host');
    return { ok: true, target: host ? { kind: 'site', siteFile: value('siteFile'), host } : { kind: 'site', siteFile: value('siteFile') } };
  }
  if (!/^wss?:\/\//.test(value('url'))) return { ok: false, error: 'Router URL: enter a ws:// or wss:// URL' };
  if (!value('realm')) return { ok: false, error: 'Realm: enter the WAMP realm' };
  if (!value('addressRoot')) return { ok: false, error: 'Address root: enter the OCS address root' };
  return { ok: true, target: { kind: 'url', url: value('url'), realm: value('realm'), addressRoot: value('addressRoot') } };
}

function fieldsFrom(target: ConnectionTarget | null): Record<string, string> {
  if (target?.kind === 'site') return { siteFile: target.siteFile, host: target.host ?? '' };
  if (target?.kind === 'url') return { url: target.url, realm: target.realm, addressRoot: target.addressRoot };
  return { url: 'ws://127.0.0.1:8001/ws', realm: 'test_realm', addressRoot: 'observatory' };
}

export function ConnectionForm({ initial, busy, onSwitch }: ConnectionFormProps): ReactElement {
  const gate = useGate('connection:set');
  const [kind, setKind] = useState<Kind>(initial?.kind ?? 'embedded');
  const [fields, setFields] = useState<Record<string, string>>(() => fieldsFrom(initial));
  const [error, setError] = useState<string | null>(null);
  const field = (name: string, label: string, testId: string, placeholder?: string) => (
    <label className="form-field">
      <span>{label}</span>
      <input data-testid={testId} value={fields[name] ?? ''} placeholder={placeholder} onChange={(event) => setFields((prev) => ({ ...prev, [name]: event.target.value }))} />
    </label>
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = targetFromFields(kind, fields);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(null);
    onSwitch(result.target);
  };

  return (
    <form className="connection-form" data-testid="connection-form" onSubmit={submit} aria-label="Switch router">
      <fieldset className="kind-choice">
        <legend>Router</legend>
        {(
          [
            ['embedded', 'Embedded router'],
            ['site', 'Site config (crossbar)'],
            ['url', 'Router URL'],
          ] as Array<[Kind, string]>
        ).map(([value, label]) => (
          <label key={value} className="radio">
            <input type="radio" name="connection-kind" value={value} data-testid={`connection-kind-${value}`} checked={kind === value} onChange={() => setKind(value)} />
            {label}
          </label>
        ))}
      </fieldset>
      {kind === 'site' && (
        <>
          {field('siteFile', 'Site file', 'connection-site-file', '/etc/ocs/site.yaml')}
          {field('host', 'Host (optional)', 'connection-site-host', 'entry under hosts:')}
        </>
      )}
      {kind === 'url' && (
        <>
          {field('url', 'Router URL', 'connection-target-url', 'ws://crossbar.site:8001/ws')}
          {field('realm', 'Realm', 'connection-target-realm')}
          {field('addressRoot', 'Address root', 'connection-target-root')}
        </>
      )}
      {error && (
        <p className="error" role="alert" data-testid="connection-form-error">
          {error}
        </p>
      )}
      <button type="submit" className="btn btn--start" data-testid="connection-switch" disabled={busy || !gate.allowed} title={gate.title}>
        {busy ? 'Switching…' : 'Switch and reconnect'}
      </button>
    </form>
  );
}
