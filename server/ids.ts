/**
 * Id generation. Ids are numeric strings like Zoho's ("4600000000012345"): time-ordered, so a sort by
 * id is a sort by creation, and unique within the process (a counter breaks same-millisecond ties;
 * random high digits keep two processes apart).
 */
import { randomInt } from 'node:crypto';

export type IdGenerator = () => string;

export function createIdGenerator(): IdGenerator {
  const node = BigInt(randomInt(0, 1000));
  let last = 0n;
  return () => {
    let t = BigInt(Date.now()) * 1_000_000n + node * 1000n;
    if (t <= last) t = last + 1n;
    last = t;
    return t.toString();
  };
}

export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
