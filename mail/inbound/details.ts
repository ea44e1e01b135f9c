/**
 * The sender's details by e-mail: the regulations want a full name (and, for a collaborator, a
 * workplace and a title); the address itself is the contact. A mail from someone whose details
 * are incomplete is held (stored, not yet an item) and answered with what is missing, asking them
 * to reply with labelled lines ("Họ và tên: …"). Their next mail is read for those lines; once
 * nothing is missing, everything held is accepted in order, each item acknowledged as usual.
 */
import { acceptHeld, countHeld, holdInbound } from "../../core/intake/hold.ts";
import type { InboundInput } from "../../core/intake/receive.ts";
import { findPerson } from "../../core/people/people.ts";
import {
  isFullName,
  isPhoneNumber,
  loadProfile,
  missingDetails,
  saveDetails,
  type Detail,
  type DetailsPatch,
  type SenderProfile,
} from "../../core/people/registration.ts";
import { stripDiacritics } from "../../core/text.ts";
import { mailReplies } from "../messages.ts";
import type { MailIntakeDeps, Processed } from "./intake.ts";
import { recordNotices } from "./set-aside.ts";

const VIA = { via: "email" } as const;

/** Labels people write, compared without diacritics or case. */
const LABELS: Array<[RegExp, keyof DetailsPatch]> = [
  [/^(ho (va )?ten|ho ten|ten)$/, "fullName"],
  [/^(don vi( cong tac)?|noi (lam viec|cong tac)|co quan)$/, "workplace"],
  [/^(chuc vu|chuc danh)$/, "title"],
  [/^(so )?(dien thoai|dt|sdt)$/, "phone"],
];

/** Lines "Họ và tên: Nguyễn Văn An" and the like, from the new text of a mail (not the quoted part). */
export function readDetails(text: string): DetailsPatch {
  const found: DetailsPatch = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([^:：]{2,30})[:：]\s*(.+?)\s*$/.exec(line);
    if (!m) continue;
    const label = stripDiacritics(m[1]!).toLowerCase().trim().replace(/\s+/g, " ");
    const hit = LABELS.find(([re]) => re.test(label));
    if (hit && found[hit[1]] === undefined) found[hit[1]] = m[2]!;
  }
  return found;
}

/** A line that is only a name, as people write theirs: two to six capitalised words. */
const NAME_LINE = /^\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){1,5}$/u;

type Gate = { admitted: true } | { admitted: false; processed: Processed };

/**
 * Lets a mail through when its sender's details are complete. Otherwise: a mail answering our
 * request completes them (and releases what was held), anything else is held and the request is
 * sent (again, at most once a day).
 */
export async function admitMailSender(
  deps: MailIntakeDeps,
  from: { address: string; name: string | null },
  input: InboundInput,
): Promise<Gate> {
  const person = await findPerson(deps.core.db, `email:${from.address}`);
  let profile = person ? await loadProfile(deps.core.db, person.id) : null;
  // A new sender's name is the one their mail carries, when it is a full name.
  if (!profile || missingDetails(profile).length === 0)
    return profile || (from.name && isFullName(from.name)) ? { admitted: true } : hold(deps, from, input, null);

  const held = await countHeld(deps.core, "email", from.address);
  if (held > 0) {
    const patch = readDetails(input.text);
    // A reply with just a name on its first line, when only the name is missing.
    const firstLine =
      input.text
        .split(/\r?\n/)
        .find((l) => l.trim())
        ?.trim() ?? "";
    if (!patch.fullName && missingDetails(profile).join() === "fullName" && NAME_LINE.test(firstLine))
      patch.fullName = firstLine;
    if (patch.fullName && !isFullName(patch.fullName)) delete patch.fullName;
    if (patch.phone && !isPhoneNumber(patch.phone)) delete patch.phone;
    if (Object.keys(patch).length > 0) {
      profile = await saveDetails(deps.core.db, profile.personId, patch, VIA);
      if (missingDetails(profile).length === 0) {
        // The answer itself is not an item: it is kept with the sender's details.
        await holdInbound(deps.core, input);
        await deps.core.db.inboundMessage.updateMany({
          where: { channel: "email", externalId: input.externalId, submissionId: null },
          data: { setAsideReason: "sender details" },
        });
        const accepted = await acceptHeld(deps.core, "email", from.address);
        deps.log.info({ accepted: accepted.length }, "sender's details complete; held mail accepted");
        return { admitted: false, processed: { outcome: "received", inboundMessageId: null, detail: "details" } };
      }
    }
  }
  return hold(deps, from, input, profile);
}

async function hold(
  deps: MailIntakeDeps,
  from: { address: string; name: string | null },
  input: InboundInput,
  profile: SenderProfile | null,
): Promise<Gate> {
  const held = await holdInbound(deps.core, input);
  if (held.duplicate) return { admitted: false, processed: { outcome: "duplicate", inboundMessageId: null } };
  const missing: Detail[] = profile ? missingDetails(profile) : ["fullName"];
  // One request a day is enough: more mail meanwhile is held quietly.
  const since = new Date(Date.now() - 86_400_000);
  const asked = await deps.core.db.outboundMessage.count({
    where: { channel: "email", address: from.address, template: "mail.detailsRequest", createdAt: { gte: since } },
  });
  if (asked === 0) {
    const jobs = await deps.core.db.$transaction((tx) =>
      recordNotices(tx, [
        {
          personId: held.personId,
          address: from.address,
          template: "mail.detailsRequest",
          text: mailReplies.detailsRequest({ missing: missing.filter((d) => d !== "contact") }),
        },
      ]),
    );
    await deps.core.jobs.enqueue(jobs);
  }
  return {
    admitted: false,
    processed: { outcome: "set-aside", inboundMessageId: held.inboundMessageId, detail: "awaiting-details" },
  };
}
