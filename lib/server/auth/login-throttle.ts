import type { PrismaClient } from "@/lib/server/generated/prisma/client";

// Failed sign-ins are counted per account and per client address in a fixed window kept in
// the database, so the limit holds across replicas and restarts. A success clears the
// account's count (not the address's: one valid account must not launder guesses at others).

export type ThrottleLimits = { perAccount: number; perAddress: number; windowSeconds: number };

export type ThrottleKeys = { account: string; address: string };

function keys(k: ThrottleKeys): { key: string; limit: (l: ThrottleLimits) => number }[] {
  return [
    { key: `user:${k.account.toLowerCase()}`, limit: (l) => l.perAccount },
    { key: `ip:${k.address}`, limit: (l) => l.perAddress },
  ];
}

/** Seconds until a new attempt is allowed, or 0 when it is allowed now. */
export async function retryAfterSeconds(prisma: PrismaClient, k: ThrottleKeys, limits: ThrottleLimits, now: Date): Promise<number> {
  const rows = await prisma.loginThrottle.findMany({ where: { key: { in: keys(k).map((x) => x.key) } } });
  let wait = 0;
  for (const { key, limit } of keys(k)) {
    const row = rows.find((r) => r.key === key);
    if (!row || row.failures < limit(limits)) continue;
    const ends = row.windowStart.getTime() + limits.windowSeconds * 1000;
    if (ends > now.getTime()) wait = Math.max(wait, Math.ceil((ends - now.getTime()) / 1000));
  }
  return wait;
}

export async function recordFailure(prisma: PrismaClient, k: ThrottleKeys, limits: ThrottleLimits, now: Date): Promise<void> {
  const windowStartBefore = new Date(now.getTime() - limits.windowSeconds * 1000);
  for (const { key } of keys(k)) {
    // One statement per key: starts a new window when the old one has ended, else counts up.
    await prisma.$executeRaw`
      INSERT INTO login_throttle (key, failures, window_start) VALUES (${key}, 1, ${now})
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN login_throttle.window_start <= ${windowStartBefore} THEN 1 ELSE login_throttle.failures + 1 END,
        window_start = CASE WHEN login_throttle.window_start <= ${windowStartBefore} THEN ${now} ELSE login_throttle.window_start END`;
  }
}

export async function clearAccountFailures(prisma: PrismaClient, account: string): Promise<void> {
  await prisma.loginThrottle.deleteMany({ where: { key: `user:${account.toLowerCase()}` } });
}
