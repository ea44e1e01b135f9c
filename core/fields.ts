/**
 * The field taxonomy (lĩnh vực): seeded once, extended by operators.
 */
import { audit } from "./audit.ts";
import type { Db } from "./db.ts";
import { SEED_FIELDS } from "./domain.ts";
import { PermanentError } from "./errors.ts";
import type { Actor } from "./people/people.ts";

/** Seeds the taxonomy when missing; idempotent, safe when several processes start at once. */
export async function seedFields(db: Db): Promise<number> {
  const { count } = await db.field.createMany({
    data: SEED_FIELDS.map((f) => ({ code: f.code, name: f.name, description: f.description })),
    skipDuplicates: true,
  });
  return count;
}

export async function listFields(db: Db) {
  return db.field.findMany({ orderBy: { createdAt: "asc" } });
}

/** Adds a field; codes are lower-case words joined by hyphens. */
export async function addField(
  db: Db,
  input: { code: string; name: string; description?: string | null },
  actor: Actor,
) {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(input.code)) {
    throw new PermanentError("a field code is lower-case letters and digits joined by hyphens, e.g. an-ninh");
  }
  return db.$transaction(async (tx) => {
    if (await tx.field.findUnique({ where: { code: input.code } }))
      throw new PermanentError(`field ${input.code} exists`);
    const f = await tx.field.create({
      data: { code: input.code, name: input.name.normalize("NFC").trim(), description: input.description ?? null },
    });
    await audit(tx, { actorId: actor.personId, via: actor.via, action: "field.added", data: { code: f.code } });
    return f;
  });
}
