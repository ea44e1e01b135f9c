/**
 * An operator alert: something only a person can fix (the OA's refresh token is dead). Logged at
 * error, and sent to the head, deputies and secretariat on their other channels (not Zalo, which
 * is what broke), through the delivery log like every message.
 */
import type { CoreDeps } from "../../core/context.ts";
import type { Channel } from "../../core/domain.ts";
import { pickAddress, recordOutbounds, type OutboundRow } from "../../core/notify/outbound.ts";

/** Records one alert per board leader reachable elsewhere; returns how many were queued. */
export async function alertOperators(core: CoreDeps, template: string, text: string): Promise<number> {
  const reachable = core.settings.reachableChannels.filter((c): c is Channel => c !== "zalo");
  const jobs = await core.db.$transaction(async (tx) => {
    const people = await tx.person.findMany({
      where: {
        revokedAt: null,
        roles: { some: { revokedAt: null, role: { in: ["head", "deputy", "secretariat"] } } },
      },
      include: { identities: true },
    });
    const rows: OutboundRow[] = [];
    for (const p of people) {
      const to = pickAddress(p.identities, reachable, null);
      if (to)
        rows.push({
          to: { personId: p.id, ...to },
          submissionId: null,
          draft: { kind: "text", template, params: {}, text },
        });
    }
    return recordOutbounds(tx, rows);
  });
  await core.jobs.enqueue(jobs);
  core.log.error({ template, recipients: jobs.length }, text);
  return jobs.length;
}
