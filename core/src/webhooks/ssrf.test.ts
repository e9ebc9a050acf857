import type { LookupAddress } from 'node:dns';
import dns from 'node:dns';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkWebhookTarget, guardedLookup, isBlockedAddress, parseWebhookUrl } from './ssrf.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('isBlockedAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback, end of 127/8'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', '0/8'],
    ['10.0.0.1', 'private 10/8'],
    ['10.255.255.255', 'private 10/8, last'],
    ['172.16.0.1', 'private 172.16/12, first'],
    ['172.31.255.255', 'private 172.16/12, last'],
    ['192.168.1.1', 'private 192.168/16'],
    ['100.64.0.1', 'CGNAT 100.64/10, first'],
    ['100.127.255.255', 'CGNAT 100.64/10, last'],
    ['169.254.0.1', 'link-local'],
    ['169.254.169.254', 'cloud metadata'],
    ['192.0.0.8', '192.0.0/24'],
    ['198.18.0.1', 'benchmarking 198.18/15, first'],
    ['198.19.255.255', 'benchmarking 198.18/15, last'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast, SSDP'],
    ['240.0.0.1', 'reserved 240/4'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.2.1', 'documentation TEST-NET-1'],
    ['::1', 'IPv6 loopback'],
    ['::', 'IPv6 unspecified'],
    ['fc00::1', 'unique local fc00::/7'],
    ['fd12:3456::1', 'unique local fd00::/8'],
    ['fd00:ec2::254', 'AWS metadata over IPv6'],
    ['fe80::1', 'IPv6 link-local'],
    ['fe80::1%eth0', 'IPv6 link-local with a zone id'],
    ['febf:ffff::1', 'IPv6 link-local, end of fe80::/10'],
    ['fec0::1', 'deprecated IPv6 site-local'],
    ['ff02::1', 'IPv6 multicast'],
    ['2001:db8::1', 'IPv6 documentation'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback, dotted'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback, hex'],
    ['::ffff:169.254.169.254', 'IPv4-mapped metadata'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['0:0:0:0:0:ffff:c0a8:0101', 'IPv4-mapped 192.168.1.1, uncompressed'],
    ['64:ff9b::127.0.0.1', 'NAT64 of loopback'],
    ['64:ff9b::a00:1', 'NAT64 of 10.0.0.1, hex'],
    ['2002:a00:1::1', '6to4 of 10.0.0.1'],
    ['not-an-ip', 'not an address at all (fails closed)'],
    ['', 'empty string (fails closed)'],
  ])('blocks %s (%s)', (ip) => {
    expect(isBlockedAddress(ip)).toBe(true);
  });

  it.each([
    ['8.8.8.8', 'Google DNS'],
    ['1.1.1.1', 'Cloudflare DNS'],
    ['93.184.216.34', 'a public web server'],
    ['172.15.255.255', 'just below 172.16/12'],
    ['172.32.0.1', 'just above 172.16/12'],
    ['100.63.255.255', 'just below 100.64/10'],
    ['100.128.0.1', 'just above 100.64/10'],
    ['198.17.255.255', 'just below 198.18/15'],
    ['198.20.0.1', 'just above 198.18/15'],
    ['169.253.255.255', 'just below link-local'],
    ['223.255.255.255', 'just below multicast'],
    ['11.0.0.1', 'just above 10/8'],
    ['2606:4700:4700::1111', 'Cloudflare DNS over IPv6'],
    ['2001:4860:4860::8888', 'Google DNS over IPv6'],
    ['::ffff:8.8.8.8', 'IPv4-mapped public address'],
    ['64:ff9b::808:808', 'NAT64 of 8.8.8.8'],
    ['fbff::1', 'just below fc00::/7'],
    ['fe7f:ffff::1', 'just below fe80::/10'],
    ['2003::1', 'just above 6to4 2002::/16'],
  ])('allows %s (%s)', (ip) => {
    expect(isBlockedAddress(ip)).toBe(false);
  });
});

describe('parseWebhookUrl', () => {
  const live = { livemode: true, allowPrivate: false };
  const test = { livemode: false, allowPrivate: false };
  const livePrivate = { livemode: true, allowPrivate: true };

  it('accepts a public https url in live mode and returns it parsed', () => {
    const result = parseWebhookUrl('https://hooks.example.com/keybs?x=1', live);
    expect(result).toEqual({ ok: true, url: new URL('https://hooks.example.com/keybs?x=1') });
  });

  it.each([
    ['ftp://example.com/hook', test, /scheme/],
    ['javascript:alert(1)', test, /scheme/],
    ['/relative/path', test, /absolute/],
    ['not a url', test, /absolute/],
    ['https://user:pass@example.com/hook', test, /credentials/],
    ['https://user@example.com/hook', test, /credentials/],
    ['https://example.com/hook#frag', test, /fragment/],
    ['https://example.com/hook#', test, /fragment/],
    ['http://example.com/hook', live, /https/],
    ['https://localhost/hook', live, /loopback/],
    ['https://api.localhost/hook', live, /loopback/],
    ['https://LOCALHOST./hook', live, /loopback/],
    ['https://10.0.0.1/hook', live, /10\.0\.0\.1/],
    ['https://127.0.0.1:8443/hook', live, /127\.0\.0\.1/],
    ['https://0x7f000001/hook', live, /127\.0\.0\.1/], // the URL parser normalizes it to 127.0.0.1
    ['https://169.254.169.254/latest/meta-data', live, /169\.254\.169\.254/],
    ['https://[::1]/hook', live, /::1/],
    ['https://[::ffff:127.0.0.1]/hook', live, /::ffff:7f00:1/],
    ['https://[fd00:ec2::254]/hook', live, /fd00:ec2::254/],
    [`https://example.com/${'a'.repeat(2048)}`, test, /longer than 2048/],
  ])('refuses %s', (raw, opts, reason) => {
    const result = parseWebhookUrl(raw, opts);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(reason);
  });

  it.each([
    ['http://example.com/hook', test],
    ['http://localhost:3000/hook', test],
    ['http://10.0.0.1/hook', test],
    ['http://localhost:3000/hook', livePrivate],
    ['https://10.0.0.1/hook', livePrivate],
    ['https://[::1]/hook', livePrivate],
    ['https://8.8.8.8/hook', live],
    ['https://[2606:4700:4700::1111]/hook', live],
  ])('accepts %s with %o', (raw, opts) => {
    expect(parseWebhookUrl(raw, opts)).toMatchObject({ ok: true });
  });

  it('accepts a url of exactly 2048 characters', () => {
    const raw = 'https://example.com/';
    const exact = raw + 'a'.repeat(2048 - raw.length);
    expect(exact).toHaveLength(2048);
    expect(parseWebhookUrl(exact, live)).toMatchObject({ ok: true });
    expect(parseWebhookUrl(`${exact}a`, live)).toMatchObject({ ok: false });
  });
});

describe('checkWebhookTarget', () => {
  const live = { livemode: true, allowPrivate: false };

  function fakeResolver(addresses: LookupAddress[]) {
    // Stands in for the system resolver, which cannot reach public DNS from the test machine.
    return vi.spyOn(dns.promises, 'lookup').mockResolvedValue(addresses as never);
  }

  it('refuses localhost in live mode', async () => {
    const result = await checkWebhookTarget(new URL('https://localhost/hook'), live);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(/localhost.*loopback/);
  });

  it('passes test mode and allowPrivate without resolving the host', async () => {
    const lookup = vi.spyOn(dns.promises, 'lookup');
    const url = new URL('http://localhost/hook');
    await expect(checkWebhookTarget(url, { livemode: false, allowPrivate: false })).resolves.toEqual({ ok: true, url });
    await expect(checkWebhookTarget(url, { livemode: true, allowPrivate: true })).resolves.toEqual({ ok: true, url });
    expect(lookup).not.toHaveBeenCalled();
  });

  it('refuses a name that does not resolve, saying so', async () => {
    const result = await checkWebhookTarget(new URL('https://no-such-host.invalid/hook'), live);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(/no-such-host\.invalid.*did not resolve/);
  });

  it('refuses a name when any of its addresses is blocked, naming that address', async () => {
    const lookup = fakeResolver([
      { address: '93.184.216.34', family: 4 },
      { address: '10.1.2.3', family: 4 },
    ]);
    const result = await checkWebhookTarget(new URL('https://hooks.example.com/x'), live);
    expect(lookup).toHaveBeenCalledWith('hooks.example.com', expect.objectContaining({ all: true }));
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(/hooks\.example\.com.*10\.1\.2\.3/);
  });

  it('accepts a name whose addresses are all public', async () => {
    fakeResolver([
      { address: '93.184.216.34', family: 4 },
      { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 },
    ]);
    const url = new URL('https://hooks.example.com/x');
    await expect(checkWebhookTarget(url, live)).resolves.toEqual({ ok: true, url });
  });

  it('refuses a blocked IP literal and accepts a public one without resolving', async () => {
    const lookup = vi.spyOn(dns.promises, 'lookup');
    await expect(checkWebhookTarget(new URL('https://169.254.169.254/'), live)).resolves.toMatchObject({ ok: false });
    await expect(checkWebhookTarget(new URL('https://8.8.8.8/'), live)).resolves.toMatchObject({ ok: true });
    expect(lookup).not.toHaveBeenCalled();
  });
});

describe('guardedLookup', () => {
  type Outcome = { error: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number };

  function lookupWith(allowPrivate: boolean, hostname: string, all: boolean): Promise<Outcome> {
    return new Promise((resolve) => {
      guardedLookup({ allowPrivate })(hostname, { all }, (error, address, family) => {
        resolve({ error, address, family });
      });
    });
  }

  it.each([
    ['127.0.0.1', true],
    ['127.0.0.1', false],
    ['localhost', true],
    ['localhost', false],
  ])('refuses %s (all: %s) with code ESSRF', async (hostname, all) => {
    const { error } = await lookupWith(false, hostname, all);
    expect(error?.code).toBe('ESSRF');
    expect(error?.message).toMatch(/blocked/);
  });

  it('resolves a public address in both callback shapes', async () => {
    await expect(lookupWith(false, '8.8.8.8', false)).resolves.toEqual({
      error: null,
      address: '8.8.8.8',
      family: 4,
    });
    await expect(lookupWith(false, '8.8.8.8', true)).resolves.toEqual({
      error: null,
      address: [{ address: '8.8.8.8', family: 4 }],
      family: undefined,
    });
  });

  it('lets private addresses through when allowPrivate is set', async () => {
    await expect(lookupWith(true, '127.0.0.1', false)).resolves.toEqual({
      error: null,
      address: '127.0.0.1',
      family: 4,
    });
    const all = await lookupWith(true, 'localhost', true);
    expect(all.error).toBeNull();
    expect(all.address).toEqual(expect.arrayContaining([expect.objectContaining({ address: expect.any(String) })]));
  });

  it('passes resolver errors through', async () => {
    const { error } = await lookupWith(false, 'no-such-host.invalid', false);
    expect(error?.code).toMatch(/ENOTFOUND|EAI_AGAIN/);
  });
});
