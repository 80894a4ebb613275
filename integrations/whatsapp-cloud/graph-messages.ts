/** Request and response shapes of Graph's `/{phone-number-id}/messages`, `/media` and phone number reads. */

export type GraphMediaKind = 'audio' | 'image' | 'document' | 'video';

export type GraphMediaSource = { id: string; link?: never } | { link: string; id?: never };

/** Graph takes a caption on image, video and document, and a filename on document only. */
export type GraphMediaObject = GraphMediaSource & { caption?: string; filename?: string };

export type GraphTemplateParameter =
  | { type: 'text'; text: string; parameter_name?: string }
  | { type: 'currency'; currency: { fallback_value: string; code: string; amount_1000: number } }
  | { type: 'date_time'; date_time: { fallback_value: string } }
  | { type: 'image'; image: GraphMediaSource }
  | { type: 'document'; document: GraphMediaSource & { filename?: string } }
  | { type: 'video'; video: GraphMediaSource }
  | { type: 'payload'; payload: string };

export type GraphTemplateComponent =
  | { type: 'header' | 'body'; parameters: GraphTemplateParameter[] }
  | { type: 'button'; sub_type: 'quick_reply' | 'url'; index: number; parameters: GraphTemplateParameter[] };

export interface GraphTemplate {
  name: string;
  language: { code: string };
  components?: GraphTemplateComponent[];
}

type InteractiveText = { text: string };
type InteractiveHeader =
  | { type: 'text'; text: string }
  | { type: 'image'; image: GraphMediaSource }
  | { type: 'video'; video: GraphMediaSource }
  | { type: 'document'; document: GraphMediaSource };

export type GraphInteractive =
  | {
      type: 'button';
      header?: InteractiveHeader;
      body: InteractiveText;
      footer?: InteractiveText;
      action: { buttons: { type: 'reply'; reply: { id: string; title: string } }[] };
    }
  | {
      type: 'list';
      header?: { type: 'text'; text: string };
      body: InteractiveText;
      footer?: InteractiveText;
      action: { button: string; sections: { title?: string; rows: { id: string; title: string; description?: string }[] }[] };
    };

export interface GraphLocation {
  latitude: number;
  longitude: number;
  name?: string;
  address?: string;
}

type MediaContent = { [K in GraphMediaKind]: { type: K } & { [P in K]: GraphMediaObject } }[GraphMediaKind];

/** The `type` and its object: the part of a send that differs between message kinds. */
export type GraphMessageContent =
  | { type: 'text'; text: { body: string; preview_url?: boolean } }
  | { type: 'template'; template: GraphTemplate }
  | MediaContent
  | { type: 'interactive'; interactive: GraphInteractive }
  | { type: 'location'; location: GraphLocation };

export type GraphSendRequest = GraphMessageContent & {
  messaging_product: 'whatsapp';
  recipient_type: 'individual';
  /** E.164 digits without the plus sign. */
  to: string;
  /** Echoed back on every status of the message (Astor puts its idempotency key here). */
  biz_opaque_callback_data?: string;
};

export interface GraphSendResponse {
  messaging_product: 'whatsapp';
  contacts?: { input: string; wa_id: string }[];
  messages?: { id: string; message_status?: string }[];
}

/**
 * `whatsapp_business_manager_messaging_limit` replaced the per-number `messaging_limit_tier` when limits moved
 * to the business portfolio (October 2025); Astor reads it as a tier name or a count, its shape being *unconfirmed*.
 */
export const PHONE_NUMBER_FIELDS = ['display_phone_number', 'verified_name', 'quality_rating', 'whatsapp_business_manager_messaging_limit'] as const;

export interface GraphPhoneNumber {
  id: string;
  display_phone_number: string;
  verified_name?: string;
  quality_rating?: string;
  whatsapp_business_manager_messaging_limit?: string | number;
}
