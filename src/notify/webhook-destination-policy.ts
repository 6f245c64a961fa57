/**
 * Which addresses webhooks may reach (decision 0034). An administrator chooses a webhook's URL, and the server makes
 * the request: without this check that is a way into the server's own network (its loopback services, the database,
 * the cloud metadata address, the private LAN). So every address is refused that is not a public unicast one —
 * loopback, private, link-local, shared (CGNAT), multicast, broadcast, unspecified, reserved, IPv6 unique-local, and
 * IPv6 addresses that embed an IPv4 one (mapped, compatible, NAT64) when the embedded address is refused — unless the
 * operator allow-listed it (COVENANT_WEBHOOK_ALLOW_HOSTS: host names, addresses, CIDR ranges) for receivers on the
 * premises. Names are judged by every address they resolve to, in the connection's own lookup (http-webhook-sender),
 * so a name that resolves differently later (DNS rebinding) is caught at the connection that would use it.
 */
import { BlockList, isIP } from 'node:net';
import type { WebhookDestinationPolicy } from '../app/ports/outbound-channels.ts';

/** Ranges no webhook goes to unless allow-listed: [network, prefix length]. */
const REFUSED_IPV4: readonly [string, number][] = [
  ['0.0.0.0', 8], // "this network", incl. the unspecified 0.0.0.0
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // shared address space (carrier-grade NAT)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (incl. cloud metadata 169.254.169.254)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, incl. the broadcast 255.255.255.255
];
const REFUSED_IPV6: readonly [string, number][] = [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated, still routed internally by some networks)
  ['ff00::', 8], // multicast
];

/** The reason a refused destination gives; short, and the same for every refused address (it names none). */
export const REFUSED_DESTINATION_REASON =
  'the receiver is on a loopback, private or otherwise internal address; webhooks go there only when ' +
  'COVENANT_WEBHOOK_ALLOW_HOSTS allows it';

/** One allow-list entry: a host name, an IP address, or a CIDR range (`10.20.0.0/16`, `fd00::/8`). */
export function parseAllowEntry(
  entry: string,
): { kind: 'name'; name: string } | { kind: 'range'; address: string; prefix: number; family: 'ipv4' | 'ipv6' } | null {
  const trimmed = entry
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  const [address = '', prefixText, ...rest] = trimmed.split('/');
  if (rest.length > 0) return null;
  const version = isIP(address);
  if (version !== 0) {
    const max = version === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : Number.NaN;
    if (!(prefix >= 0 && prefix <= max)) return null;
    return { kind: 'range', address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
  }
  if (prefixText !== undefined) return null;
  const name = trimmed.replace(/\.$/, '');
  return /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/.test(name)
    ? { kind: 'name', name }
    : null;
}

export class WebhookDestinations implements WebhookDestinationPolicy {
  readonly #refused = new BlockList();
  readonly #allowedRanges = new BlockList();
  readonly #allowedNames = new Set<string>();

  /** `allowHosts`: the operator's allow-list (already validated by the configuration); a bad entry throws. */
  constructor(allowHosts: readonly string[]) {
    for (const [network, prefix] of REFUSED_IPV4) this.#refused.addSubnet(network, prefix, 'ipv4');
    for (const [network, prefix] of REFUSED_IPV6) this.#refused.addSubnet(network, prefix, 'ipv6');
    for (const entry of allowHosts) {
      const parsed = parseAllowEntry(entry);
      if (!parsed) throw new Error(`not a host name, IP address or CIDR range: ${JSON.stringify(entry)}`);
      if (parsed.kind === 'name') this.#allowedNames.add(parsed.name);
      else this.#allowedRanges.addSubnet(parsed.address, parsed.prefix, parsed.family);
    }
  }

  refusalOf(url: URL): string | null {
    const host = hostOf(url);
    if (this.#allowedNames.has(host)) return null;
    if (isIP(host) !== 0) return this.allowsAddress(host, host) ? null : REFUSED_DESTINATION_REASON;
    // Names that always mean this machine (RFC 6761), whatever a resolver says; others are judged when resolved.
    if (host === 'localhost' || host.endsWith('.localhost')) return REFUSED_DESTINATION_REASON;
    return null;
  }

  /** Whether a connection for `host` (as in the URL) may go to `address` (what it resolved to, or the literal). */
  allowsAddress(host: string, address: string): boolean {
    if (this.#allowedNames.has(normalisedHost(host))) return true;
    const candidates = addressesToJudge(address);
    if (candidates === null) return false;
    return candidates.every(
      ([candidate, family]) => this.#allowedRanges.check(candidate, family) || !this.#refused.check(candidate, family),
    );
  }
}

const normalisedHost = (host: string) =>
  host
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');

/** The URL's host without IPv6 brackets or a trailing dot (WHATWG URLs already canonicalise IPv4 spellings). */
function hostOf(url: URL): string {
  return normalisedHost(url.hostname);
}

/**
 * The address itself and, for IPv6 addresses that carry an IPv4 one (IPv4-mapped ::ffff:a.b.c.d, IPv4-compatible
 * ::a.b.c.d, NAT64 64:ff9b::a.b.c.d), the embedded IPv4 address too: each must pass. null when it is no IP address.
 */
function addressesToJudge(address: string): [string, 'ipv4' | 'ipv6'][] | null {
  const bare = address.replace(/%.*$/, ''); // a zone index (fe80::1%eth0) does not change the range
  const version = isIP(bare);
  if (version === 4) return [[bare, 'ipv4']];
  if (version !== 6) return null;
  const groups = expandIpv6(bare);
  const judged: [string, 'ipv4' | 'ipv6'][] = [[bare, 'ipv6']];
  const zeros = (from: number, to: number) => groups.slice(from, to).every((group) => group === 0);
  const mapped = zeros(0, 5) && groups[5] === 0xffff;
  const compatible = zeros(0, 6);
  const nat64 = groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6);
  if (mapped || compatible || nat64) {
    const high = groups[6]!;
    const low = groups[7]!;
    judged.push([`${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`, 'ipv4']);
  }
  return judged;
}

/** The eight 16-bit groups of a valid IPv6 address (with :: and a dotted IPv4 tail expanded). */
function expandIpv6(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => Number.parseInt(group, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}
