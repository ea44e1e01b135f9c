/**
 * The append-only audit log (nhật ký): every action with its actor. Written inside the
 * transaction of the action it records, so the log and the state never disagree.
 */
import type { Prisma, Tx } from "./db.ts";

export interface AuditEntry {
  /** The person who acted; null for the system. */
  actorId?: string | null;
  /** `system`, `cli`, or the channel the actor used. */
  via: string;
  action: string;
  submissionId?: string | null;
  data?: Prisma.InputJsonValue;
}

export async function audit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorId: entry.actorId ?? null,
      via: entry.via,
      action: entry.action,
      submissionId: entry.submissionId ?? null,
      data: entry.data ?? undefined,
    },
  });
}
