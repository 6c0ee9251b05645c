import { OcsClient, type OcsClientOptions } from './client.js';
import type { HttpTransportOptions } from './client-http.js';
import { agentAddress, SiteConfigError, type SiteConfig } from './site-config.js';

/**
 * A client for agent `instanceId` of a site, over the site's HTTP bridge (`hub.wamp_http`), as
 * Python's `OCSClient(instance_id)` builds it through `site_config.get_control_client`.
 */
export function clientForInstance(config: SiteConfig, instanceId: string, options: OcsClientOptions & HttpTransportOptions = {}): Promise<OcsClient> {
  if (!config.hub.wampHttp) {
    return Promise.reject(new SiteConfigError(config.file, 'hub.wamp_http is required to reach agents over the HTTP bridge', 'hub.wamp_http'));
  }
  return OcsClient.overHttp(config.hub.wampHttp, agentAddress(config, instanceId), options);
}
