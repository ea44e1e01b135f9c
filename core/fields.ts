/**
 * The field taxonomy (lĩnh vực): seeded once, extended by operators.
 */
import { audit } from "./audit.ts";
import type { Db, Tx } from "./db.ts";
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

type FieldRow = Awaited<ReturnType<typeof listFields>>[number];
// Ids are UUIDs, unique across databases, so one map serves every client (and its transactions);
// codes are per database, so they are cached per client.
const byId = new Map<string, FieldRow>();
const byCode = new WeakMap<object, Map<string, FieldRow>>();

/**
 * A field by id or code, from a cache: the taxonomy is read on every item and changes almost
 * never. Fields are never deleted, so a miss just reloads.
 */
export async function findField(db: Db | Tx, key: { id: string } | { code: string }): Promise<FieldRow | null> {
  const lookup = () => ("id" in key ? byId.get(key.id) : byCode.get(db)?.get(key.code));
  const hit = lookup();
  if (hit) return hit;
  const rows = await db.field.findMany();
  for (const f of rows) byId.set(f.id, f);
  byCode.set(db, new Map(rows.map((f) => [f.code, f])));
  return lookup() ?? null;
}
