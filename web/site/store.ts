/**
 * What the site reads: published items, fields, attachments of published items, and the status
 * of a submission by its tracking code. Read-only; every query filters on `status = 'published'`
 * so an unpublished item never leaks through a list, a feed or the sitemap.
 */
import type { Db } from "../../core/db.ts";
import type { Kind } from "../../core/domain.ts";

export interface FieldRef {
  code: string;
  name: string;
}

export interface ListedItem {
  slug: string;
  kind: Kind;
  title: string;
  body: string;
  question: string | null;
  answerText: string | null;
  publishedAt: Date;
  updatedAt: Date;
  field: FieldRef | null;
}

export interface Correction {
  at: Date | null;
  text: string;
}

export interface ItemAttachment {
  id: string;
  sha256: string;
  contentType: string;
  size: number;
  originalName: string | null;
  isImage: boolean;
}

export interface Item extends ListedItem {
  id: string;
  status: "published" | "unpublished";
  answerUnit: string | null;
  answeredAt: Date | null;
  author: string;
  source: string;
  corrections: Correction[];
  attachments: ItemAttachment[];
}

/** Which items a list shows: news, questions (with feedback answered), or one field. */
export type ListFilter = { kind: "news" } | { kind: "questions" } | { kind: "all" } | { fieldCode: string };

/** Image types the site shows inline (and resizes); anything else is offered as a download. */
export const INLINE_IMAGE_TYPES = new Set(["image/jpeg", "image/png", "image/webp", "image/gif", "image/avif"]);

const QUESTION_KINDS: Kind[] = ["question", "feedback"];

function where(filter: ListFilter) {
  if ("fieldCode" in filter) return { status: "published" as const, field: { code: filter.fieldCode } };
  if (filter.kind === "news") return { status: "published" as const, kind: { notIn: QUESTION_KINDS } };
  if (filter.kind === "questions") return { status: "published" as const, kind: { in: QUESTION_KINDS } };
  return { status: "published" as const };
}

const LISTED = {
  slug: true,
  kind: true,
  title: true,
  body: true,
  question: true,
  answerText: true,
  publishedAt: true,
  updatedAt: true,
  field: { select: { code: true, name: true } },
} as const;

/** One page of a list, newest first, and the total count. */
export async function listItems(
  db: Db,
  filter: ListFilter,
  page: { offset: number; limit: number },
): Promise<{ items: ListedItem[]; total: number }> {
  const [items, total] = await Promise.all([
    db.publication.findMany({
      where: where(filter),
      select: LISTED,
      orderBy: [{ publishedAt: "desc" }, { id: "desc" }],
      skip: page.offset,
      take: page.limit,
    }),
    db.publication.count({ where: where(filter) }),
  ]);
  return { items, total };
}

/** Every field with how many published items it has. */
export async function fieldsWithCounts(db: Db): Promise<Array<FieldRef & { count: number }>> {
  const fields = await db.field.findMany({
    select: { code: true, name: true, _count: { select: { publications: { where: { status: "published" } } } } },
    orderBy: { createdAt: "asc" },
  });
  return fields.map((f) => ({ code: f.code, name: f.name, count: f._count.publications }));
}

export async function findField(db: Db, code: string): Promise<FieldRef | null> {
  return db.field.findUnique({ where: { code }, select: { code: true, name: true } });
}

/** An item by its slug, published or not (an unpublished one answers 410), with its attachments. */
export async function findItem(db: Db, slug: string): Promise<Item | null> {
  const p = await db.publication.findUnique({
    where: { slug },
    select: {
      ...LISTED,
      id: true,
      status: true,
      answerUnit: true,
      answeredAt: true,
      author: true,
      source: true,
      corrections: true,
      submission: {
        select: {
          attachments: {
            select: { id: true, sha256: true, contentType: true, size: true, originalName: true },
            orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          },
        },
      },
    },
  });
  if (!p) return null;
  const { submission, corrections, ...rest } = p;
  return {
    ...rest,
    corrections: readCorrections(corrections),
    attachments: submission.attachments.map((a) => ({ ...a, isImage: INLINE_IMAGE_TYPES.has(a.contentType) })),
  };
}

/**
 * Corrections as stored by whoever updates a publication: a list of `{ at, text }` (or `note`),
 * or a single string. Anything else is ignored rather than shown half-understood.
 */
export function readCorrections(value: unknown): Correction[] {
  if (typeof value === "string") return value.trim() ? [{ at: null, text: value }] : [];
  if (!Array.isArray(value)) return [];
  return value.flatMap((c): Correction[] => {
    if (typeof c === "string") return c.trim() ? [{ at: null, text: c }] : [];
    if (!c || typeof c !== "object") return [];
    const o = c as Record<string, unknown>;
    const text = typeof o.text === "string" ? o.text : typeof o.note === "string" ? o.note : "";
    if (!text.trim()) return [];
    const at = typeof o.at === "string" && !Number.isNaN(Date.parse(o.at)) ? new Date(o.at) : null;
    return [{ at, text }];
  });
}

/** An attachment the site may serve: it belongs to a submission whose publication is live. */
export async function findPublishedAttachment(
  db: Db,
  id: string,
): Promise<{ sha256: string; contentType: string; size: number; originalName: string | null } | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  return db.attachment.findFirst({
    where: { id, submission: { publication: { status: "published" } } },
    select: { sha256: true, contentType: true, size: true, originalName: true },
  });
}

/** Newest published items for feeds, optionally of one list. */
export async function feedItems(db: Db, filter: ListFilter, limit = 50): Promise<ListedItem[]> {
  return (await listItems(db, filter, { offset: 0, limit })).items;
}

/** Every published item's address and date, for the sitemap. */
export async function sitemapEntries(db: Db): Promise<Array<{ slug: string; updatedAt: Date }>> {
  return db.publication.findMany({
    where: { status: "published" },
    select: { slug: true, updatedAt: true },
    orderBy: { publishedAt: "desc" },
    take: 50_000,
  });
}

export interface SubmissionStatus {
  trackingNumber: number;
  status: string;
  kind: Kind | null;
  receivedAt: Date;
  statusAt: Date;
  publishedSlug: string | null;
}

/** Where an item stands, by tracking number: state and dates only, never its content or sender. */
export async function submissionStatus(db: Db, trackingNumber: number): Promise<SubmissionStatus | null> {
  const s = await db.submission.findUnique({
    where: { trackingNumber },
    select: {
      trackingNumber: true,
      status: true,
      kind: true,
      receivedAt: true,
      statusAt: true,
      publication: { select: { slug: true, status: true } },
    },
  });
  if (!s) return null;
  const { publication, ...rest } = s;
  return { ...rest, publishedSlug: publication?.status === "published" ? publication.slug : null };
}

/**
 * What was delivered on the web channel to this contact about this item: shown on the status
 * page only to whoever knows both the tracking code and the contact used on the form.
 */
export async function webMessages(
  db: Db,
  trackingNumber: number,
  contact: string,
): Promise<Array<{ text: string; at: Date }>> {
  const rows = await db.outboundMessage.findMany({
    where: { channel: "web", address: contact, status: "sent", submission: { trackingNumber } },
    select: { text: true, sentAt: true, createdAt: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 50,
  });
  return rows.map((r) => ({ text: r.text, at: r.sentAt ?? r.createdAt }));
}
