// The opaque paging token both AWS fakes hand out (ValidatePolicy's nextToken, SimulateCustomPolicy's Marker):
// the offset of the next item and a digest of the request it belongs to, so a foreign token is refused.

export interface PageToken {
  /** Offset of the next item. */
  o: number;
  /** Digest of the request the token is bound to. */
  d: string;
}

export function encodePageToken(token: PageToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64');
}

/** The token, or undefined when it is not one of ours. */
export function decodePageToken(text: string): PageToken | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
    if (value && typeof value === 'object' && 'o' in value && 'd' in value) {
      const { o, d } = value as { o: unknown; d: unknown };
      if (typeof o === 'number' && Number.isInteger(o) && o >= 0 && typeof d === 'string') return { o, d };
    }
  } catch {
    // not a token of ours
  }
  return undefined;
}
