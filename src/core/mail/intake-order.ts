/**
 * Which messages of one batch may be taken in at the same time (docs/mail.md#throughput). Messages are related when
 * they share a sender, a Message-ID (one names another in In-Reply-To or References, two reply in the same thread,
 * or the same message arrived twice), or a ticket key in the subject. Related messages form a lane and are taken in
 * one after the other in mailbox order, so a reply always finds the ticket its request opened, a sender's loop count
 * sees its earlier messages, and two messages never change one ticket at once; unrelated lanes run side by side.
 */

export interface OrderingKeys {
  /** The sender's address, in lower case; null when unknown. */
  readonly sender: string | null;
  /** Message-ID, In-Reply-To and References. */
  readonly messageIds: readonly string[];
  /** The ticket number carried in the subject (`[T-n]`), or null. */
  readonly ticketNumber: number | null;
}

/**
 * The lanes of a batch: each a list of indexes into `messages` in ascending order; every index is in exactly one lane.
 * `null` keys (a message that could not be read) make a lane of their own. Lanes are ordered by their first index.
 */
export function intakeLanes(messages: readonly (OrderingKeys | null)[]): number[][] {
  const parent = messages.map((_, index) => index);
  const root = (index: number): number => {
    let current = index;
    while (parent[current] !== current) {
      parent[current] = parent[parent[current]!]!;
      current = parent[current]!;
    }
    return current;
  };
  const join = (a: number, b: number) => {
    const [first, second] = [root(a), root(b)];
    // The smaller index stays the root, so a lane is named by its first message.
    if (first < second) parent[second] = first;
    else if (second < first) parent[first] = second;
  };
  const owner = new Map<string, number>();
  messages.forEach((keys, index) => {
    if (keys === null) return;
    for (const key of keysOf(keys)) {
      const earlier = owner.get(key);
      if (earlier === undefined) owner.set(key, index);
      else join(earlier, index);
    }
  });
  const lanes = new Map<number, number[]>();
  messages.forEach((_, index) => {
    const lane = root(index);
    const members = lanes.get(lane);
    if (members) members.push(index);
    else lanes.set(lane, [index]);
  });
  return [...lanes.values()].sort((a, b) => a[0]! - b[0]!);
}

function keysOf(keys: OrderingKeys): string[] {
  const found: string[] = [];
  if (keys.sender) found.push(`sender:${keys.sender.toLowerCase()}`);
  for (const id of keys.messageIds) if (id) found.push(`id:${id}`);
  if (keys.ticketNumber !== null) found.push(`ticket:${keys.ticketNumber}`);
  return found;
}
