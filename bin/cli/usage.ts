/**
 * The help text of every command: English, with Vietnamese examples. Kept apart from the
 * commands so `bantin help` loads nothing that reaches the database.
 */
import { ROLES } from "../../core/domain.ts";

export const PEOPLE_USAGE = `\
bantin people add --name <full name> [options]
    Adds a person and prints their id. Options: --phone, --email, --workplace, --title,
    --address, --telegram <user id>, --zalo <user id>, --review-channel telegram|zalo|email.
      bantin people add --name "Nguyễn Văn An" --phone 0912345678 --email an@tanphu.gov.vn \\
        --workplace "UBND xã Tân Phú" --title "Phó Chủ tịch" --telegram 123456789
bantin people list [--role <role>] [--all] [--json]
    People with their identities and active roles; --all includes revoked people.
      bantin people list --role member
bantin people show <person> [--json]
    One person: identities, active roles, and the history of revoked roles.
      bantin people show 0912345678
bantin people link <person> <channel>:<external id>
    Links a channel identity (telegram, zalo, email) to a person.
      bantin people link an@tanphu.gov.vn zalo:8452196307425
bantin people invite <person> [--days <1-90>]
    Prints an invitation link (t.me/<bot>?start=<code>) a registered collaborator opens to link
    their Telegram account; it works once and expires after --days (default 7).
      bantin people invite 0912345678
bantin people revoke <person>
    Revokes a person's access and every role they hold; their past items keep their name.
      bantin people revoke telegram:123456789

<person> is a person's id, phone number, e-mail address, or <channel>:<external id>.
`;

export const ROLES_USAGE = `\
bantin roles grant <person> <role> [--field <code>] [--unit <unit>] [--note <text>]
    Grants a role: ${ROLES.join(", ")}.
    member and responder hold it per field and need --field (see bantin fields list).
      bantin roles grant 0912345678 head
      bantin roles grant an@tanphu.gov.vn member --field dat-dai
      bantin roles grant telegram:123456789 responder --field y-te --unit "Trạm Y tế xã"
      bantin roles grant 0987654321 collaborator --unit "Trường THCS Tân Phú" --note "CTV từ 2026"
bantin roles revoke <person> <role> [--field <code>]
    Revokes an active role (only the one for that field with --field); the history is kept.
      bantin roles revoke an@tanphu.gov.vn member --field dat-dai
`;

export const FIELDS_USAGE = `\
bantin fields list [--json]
    The fields (lĩnh vực); the first twelve are seeded at first start.
bantin fields add <code> <name> [--description <text>]
    Adds a field; the code is lower-case letters and digits joined by hyphens.
      bantin fields add nong-thon-moi "Nông thôn mới" --description "Xây dựng nông thôn mới"
`;

export const SHOW_USAGE = `\
bantin show <tracking code> [--json]
    An item: status, kind, field, sender, text, classifier verdict, priority, deadline, duplicate,
    publication; then its history: audit log, review requests, decisions, answers, messages sent.
      bantin show TB-0042
      bantin show tb42 --json
`;

export const REDRIVE_USAGE = `\
bantin redrive [<tracking code>] [--older-than <duration>]
    Enqueues again the jobs of stuck work: items waiting to be classified, routed or published,
    decisions not yet applied, messages not yet sent. --older-than (default 0s: everything) skips
    work that changed state more recently; durations are like 30s, 15m, 2h, 1d.
      bantin redrive --older-than 10m
      bantin redrive TB-0042
`;

export const UNPUBLISH_USAGE = `\
bantin unpublish <tracking code> --reason <text>
    Takes a published item off the site; nothing is deleted.
      bantin unpublish TB-0042 --reason "Văn bản nguồn đã bị thu hồi"
`;

export const CORRECT_USAGE = `\
bantin correct <tracking code> --note <text> [--title <text>] [--body-file <path>] [--answer-file <path>]
    Corrects a published item (đính chính): the new title, body or answer replace the old ones,
    the note is shown on the item as a correction, and the old text stays in the audit log.
      bantin correct TB-0042 --note "Sửa thời gian tổ chức: 8 giờ, không phải 7 giờ" --body-file tin.txt
`;

export const DECIDE_USAGE = `\
bantin decide <tracking code> approve|reject|changes|forward --as <person> [options]
    Decides for a board member, with the same rules as every channel (their roles; the first
    decision wins). --reason <1-9> for reject, --note <text>, --field <code> / --to <person>
    for forward.
      bantin decide TB-0042 forward --as 0912345678 --field dat-dai
      bantin decide TB-0042 reject --as telegram:123456789 --reason 7 --note "Đã đăng ngày 15/11"
`;

export const CLASSIFY_USAGE = `\
bantin classify [--explain] [--rules]
    Reads JSON lines {"text": …, "subject"?: …, "senderRoles"?: […]} on stdin and writes one line
    {"kind","field","confidence"} per input line, in order. Blank lines are skipped; a line that
    is not such an object gets {"error": …} and the exit code is then 1. Needs no database.
    --explain adds priority, both confidences, the reasons and the classifier's name;
    --rules uses the phrase rules (rules-v1) instead of the learned model.
      echo '{"text":"cho em hoi lam giay khai sinh can gi a"}' | bantin classify --explain
      bantin classify < core/classify/corpus/y-te.jsonl
`;

export const RECLASSIFY_USAGE = `\
bantin reclassify <tracking code> [--kind <kind>] [--field <code>]
bantin reclassify --export
    Corrects the kind (news, question, feedback, complaint, spam) and/or the field of an item; the
    correction is kept in the item's history with its text. --export prints every correction as a
    corpus line: append them to a file in core/classify/corpus/, then npm run train:classifier.
      bantin reclassify TB-0042 --kind complaint --field dat-dai
      bantin reclassify --export >> core/classify/corpus/corrections.jsonl
`;
