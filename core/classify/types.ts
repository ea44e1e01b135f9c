/** The classifier port and its value types: what a message is (loại), its field (lĩnh vực), urgency. */
import type { Kind, Priority, SeedFieldCode } from "../domain.ts";

/** What the classifier sees of a message: its text, and who sent it on which channel. */
export interface ClassifyInput {
  text: string;
  subject?: string;
  channel?: "telegram" | "zalo" | "email" | "web";
  senderRoles?: readonly string[];
}

/** A classifier's verdict, with the evidence behind it. */
export interface Classification {
  kind: Kind;
  field: SeedFieldCode;
  /** 0..1, the lower of `kindConfidence` and `fieldConfidence`. */
  confidence: number;
  kindConfidence: number;
  fieldConfidence: number;
  priority: Priority;
  /** Raw evidence per class (sum of matched weights), before turning into confidences. */
  scores: { kind: Record<Kind, number>; field: Record<SeedFieldCode, number> };
  /** Human-readable, e.g. `loại: hỏi đáp ← "cho em hỏi", "?"` or `lĩnh vực: hanh-chinh ← "khai sinh"`. */
  reasons: string[];
}

/** The port: any classifier (rules today, maybe a model later) answers with a `Classification`. */
export interface Classifier {
  readonly name: string;
  /**
   * The confidence below which this classifier's verdicts should go to a person (chosen on the
   * held-out split, see `npm run eval:classifier`); the deployment's default when absent.
   */
  readonly confidenceThreshold?: number;
  classify(input: ClassifyInput): Classification;
}
