import type { ConnectionTarget } from '../../shared/ipc.js';
import { IpcError } from '../ipc/ipc-error.js';
import { loadSiteConfig, SiteConfigError } from '../ocs/site-config.js';
import type { BusSettings } from './bus-link.js';

/** The embedded router's coordinates (starting it on first use). */
export type EmbeddedResolver = () => Promise<{ wsUrl: string; realm: string; addressRoot: string }>;

/**
 * Turns a connection target into router URL, realm and address root: the embedded router, a
 * site config's hub (wamp_server, wamp_realm, address_root, with the host's overrides), or a URL.
 * A bad site file is the caller's mistake: bad_request with the file's own error text.
 */
export async function resolveTarget(target: ConnectionTarget, embedded: EmbeddedResolver): Promise<BusSettings> {
  switch (target.kind) {
    case 'embedded': {
      const router = await embedded();
      return { target: { kind: 'embedded' }, url: router.wsUrl, realm: router.realm, addressRoot: router.addressRoot };
    }
    case 'site': {
      try {
        const site = await loadSiteConfig(target.siteFile, { host: target.host ?? process.env.SITE_HOST });
        return { target: { ...target }, url: site.hub.wampServer, realm: site.hub.realm, addressRoot: site.hub.addressRoot };
      } catch (error) {
        // loadSiteConfig reports unreadable files as SiteConfigError too.
        if (error instanceof SiteConfigError) throw new IpcError('bad_request', error.message);
        throw error;
      }
    }
    case 'url':
      return { target: { ...target }, url: target.url, realm: target.realm, addressRoot: target.addressRoot };
  }
}
