import dns from 'node:dns';
import net from 'node:net';

// SSRF protection for live-mode webhook URLs (contract §5). Three layers: `parseWebhookUrl` checks the
// URL when it is saved, `checkWebhookTarget` resolves its host, and `guardedLookup` checks again at
// connect time, because a name can resolve to a public address when saved and to 127.0.0.1 later.

const blockedIPv4 = new net.BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network", includes the unspecified address
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, includes the cloud metadata endpoint 169.254.169.254
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation (TEST-NET-1)
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation (TEST-NET-2)
  ['203.0.113.0', 24], // documentation (TEST-NET-3)
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, includes the broadcast address 255.255.255.255
] as const) {
  blockedIPv4.addSubnet(network, prefix, 'ipv4');
}

const blockedIPv6 = new net.BlockList();
for (const [network, prefix] of [
  ['::', 96], // unspecified ::, loopback ::1 and the deprecated IPv4-compatible ::a.b.c.d
  ['64:ff9b:1::', 48], // local-use NAT64 (RFC 8215)
  ['100::', 64], // discard-only
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local, includes AWS's fd00:ec2::254 metadata endpoint
  ['fe80::', 10], // link-local
  ['fec0::', 10], // deprecated site-local
  ['ff00::', 8], // multicast
] as const) {
  blockedIPv6.addSubnet(network, prefix, 'ipv6');
}

/** The eight 16-bit groups of a valid IPv6 address (an embedded dotted quad becomes the last two). */
function ipv6Groups(ip: string): number[] {
  let text = ip;
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a = 0, b = 0, c = 0, d = 0] = quad.slice(1).map(Number);
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = new Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...zeros, ...tailGroups].map((group) => Number.parseInt(group, 16));
}

/** The IPv4 address carried by an IPv4-mapped (::ffff:0:0/96), NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address. */
function embeddedIPv4(ip: string): string | null {
  const [g0, g1 = 0, g2 = 0, g3, g4, g5, g6 = 0, g7 = 0] = ipv6Groups(ip);
  const toIPv4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  const zeroMiddle = g2 === 0 && g3 === 0 && g4 === 0;
  if (g0 === 0 && g1 === 0 && zeroMiddle && g5 === 0xffff) return toIPv4(g6, g7);
  if (g0 === 0x64 && g1 === 0xff9b && zeroMiddle && g5 === 0) return toIPv4(g6, g7);
  if (g0 === 0x2002) return toIPv4(g1, g2);
  return null;
}

/**
 * Whether a webhook must not be delivered to this address: loopback, unspecified, private, CGNAT,
 * link-local (cloud metadata), multicast, reserved, documentation or benchmarking ranges, judging
 * IPv4-mapped, NAT64 and 6to4 IPv6 addresses by the IPv4 address they carry. Anything that is not an
 * IP address is blocked, so a caller that passes a host name by mistake fails closed.
 */
export function isBlockedAddress(ip: string): boolean {
  const address = ip.replace(/%.*$/, ''); // a zone id (fe80::1%eth0) would make BlockList miss the range
  switch (net.isIP(address)) {
    case 4:
      return blockedIPv4.check(address, 'ipv4');
    case 6: {
      const ipv4 = embeddedIPv4(address);
      if (ipv4 !== null) return blockedIPv4.check(ipv4, 'ipv4');
      return blockedIPv6.check(address, 'ipv6');
    }
    default:
      return true;
  }
}

/** A refusal is `invalid` (not a usable webhook URL) or `forbidden` (a non-public target, SSRF). */
export type UrlCheck = { ok: true; url: URL } | { ok: false; kind: 'invalid' | 'forbidden'; reason: string };

export interface WebhookUrlOptions {
  /** Live-mode endpoints get the SSRF checks; test-mode endpoints may point anywhere. */
  livemode: boolean;
  /** `KEYBS_ALLOW_PRIVATE_WEBHOOKS=1`: lift the SSRF checks in live mode too. */
  allowPrivate: boolean;
}

export const MAX_WEBHOOK_URL_LENGTH = 2048;

/** The URL's host without IPv6 brackets or a trailing dot, as a resolver or `net.isIP` expects it. */
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

function isLocalhostName(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost');
}

/** Why a host written in the URL itself (an IP literal or a localhost name) is refused, or null. */
function literalHostProblem(host: string): string | null {
  if (isLocalhostName(host)) return `host "${host}" is a loopback name`;
  if (net.isIP(host) !== 0 && isBlockedAddress(host)) {
    return `host ${host} is a loopback, private, link-local or reserved address`;
  }
  return null;
}

/** Checks a webhook URL's syntax, without touching the network. */
export function parseWebhookUrl(raw: string, opts: WebhookUrlOptions): UrlCheck {
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) {
    return { ok: false, kind: 'invalid', reason: `url is longer than ${MAX_WEBHOOK_URL_LENGTH} characters` };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, kind: 'invalid', reason: 'url is not an absolute URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, kind: 'invalid', reason: `url scheme must be https or http, not ${url.protocol.slice(0, -1)}` };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, kind: 'invalid', reason: 'url must not contain credentials' };
  }
  // `hash` is '' for a bare trailing '#', but the serialized URL still has it.
  if (url.href.includes('#')) return { ok: false, kind: 'invalid', reason: 'url must not contain a fragment' };
  if (opts.livemode && !opts.allowPrivate) {
    if (url.protocol !== 'https:')
      return { ok: false, kind: 'invalid', reason: 'live-mode webhook urls must use https' };
    const problem = literalHostProblem(bareHost(url));
    if (problem !== null) return { ok: false, kind: 'forbidden', reason: problem };
  }
  return { ok: true, url };
}

/**
 * Resolves a live-mode URL's host and refuses it if any address it resolves to is blocked, or if it
 * does not resolve. Test mode and `allowPrivate` pass without a lookup.
 */
export async function checkWebhookTarget(url: URL, opts: WebhookUrlOptions): Promise<UrlCheck> {
  if (!opts.livemode || opts.allowPrivate) return { ok: true, url };
  const host = bareHost(url);
  const problem = literalHostProblem(host);
  if (problem !== null) return { ok: false, kind: 'forbidden', reason: problem };
  if (net.isIP(host) !== 0) return { ok: true, url };
  let addresses: dns.LookupAddress[];
  try {
    addresses = await dns.promises.lookup(host, { all: true, verbatim: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'lookup failed';
    return { ok: false, kind: 'invalid', reason: `host "${host}" did not resolve (${code})` };
  }
  if (addresses.length === 0) return { ok: false, kind: 'invalid', reason: `host "${host}" did not resolve` };
  const blocked = addresses.find((entry) => isBlockedAddress(entry.address));
  if (blocked) {
    return {
      ok: false,
      kind: 'forbidden',
      reason: `host "${host}" resolves to ${blocked.address}, a loopback, private, link-local or reserved address`,
    };
  }
  return { ok: true, url };
}

function ssrfError(hostname: string, address: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(
    `blocked: ${hostname} resolved to ${address}, a loopback, private, link-local or reserved address`,
  );
  error.code = 'ESSRF';
  return error;
}

/**
 * A `lookup` for `http.request` / `http.Agent` that fails the connection (error code 'ESSRF') when any
 * address the name resolves to is blocked. Checking the addresses actually connected to defeats DNS
 * rebinding. Node does not call `lookup` for IP-literal hosts, so callers check those themselves.
 */
export function guardedLookup(opts: { allowPrivate: boolean }): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) {
        callback(error, '');
        return;
      }
      const blocked = opts.allowPrivate ? undefined : addresses.find((entry) => isBlockedAddress(entry.address));
      if (blocked) {
        callback(ssrfError(hostname, blocked.address), '');
        return;
      }
      if (options.all) {
        callback(null, addresses);
        return;
      }
      const first = addresses[0];
      if (!first) {
        const notFound: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
        notFound.code = 'ENOTFOUND';
        callback(notFound, '');
        return;
      }
      callback(null, first.address, first.family);
    });
  };
}
