"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { parseRangeParams, type RefreshInterval, type TimeRange } from "@/lib/validations/time-range";

/** The page's time range and refresh interval, kept in the URL (`?from=now-1h&refresh=10s`)
 * so a view can be shared or reloaded as it is. */
export function useTimeRange(): { range: TimeRange; refresh: RefreshInterval; set: (name: "from" | "refresh", value: string) => void } {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const { range, refresh } = parseRangeParams(params);
  const set = (name: "from" | "refresh", value: string) => {
    const next = new URLSearchParams(params);
    next.set(name, value);
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  };
  return { range, refresh, set };
}
