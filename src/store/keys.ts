import type { ConversationRef } from '../messages/model.js';

/**
 * Every Redis key Sanad writes, in one place, so the whole data model reads in one file.
 * All keys start with the configured prefix (`REDIS_PREFIX`, default `sanad`); tests use a
 * unique prefix per run and delete only their own keys.
 */
export class Keys {
  constructor(readonly prefix: string) {}

  private conv(ref: Pick<ConversationRef, 'channel' | 'address'>): string {
    return `${ref.channel}:${ref.address}`;
  }

  /** STRING (JSON ConversationState), TTL = conversation TTL: a half-filled form survives days, not forever. */
  state(ref: Pick<ConversationRef, 'channel' | 'address'>) {
    return `${this.prefix}:conv:${this.conv(ref)}`;
  }
  /** LIST of JSON InboundMessage waiting to be handled in order; drained by the lock holder. */
  inbox(ref: Pick<ConversationRef, 'channel' | 'address'>) {
    return `${this.prefix}:inbox:${this.conv(ref)}`;
  }
  /** STRING lock token, PX = lock TTL: the one process handling this conversation's messages now. */
  lock(ref: Pick<ConversationRef, 'channel' | 'address'>) {
    return `${this.prefix}:lock:${this.conv(ref)}`;
  }
  /**
   * ZSET of conversations whose inbox is not empty (member JSON [channel, address], score = when it
   * became non-empty): the sweep finds there the messages of a process that died holding them.
   */
  pending() {
    return `${this.prefix}:inbox-pending`;
  }
  /** STRING 'q' (queued) then 'd' (done), TTL 7 days: a platform message id seen, so a redelivery is handled once. */
  seen(channel: string, messageId: string) {
    return `${this.prefix}:seen:${channel}:${messageId}`;
  }

  /** STRING (JSON SupportRequest), no TTL. */
  request(reference: string) {
    return `${this.prefix}:req:${reference}`;
  }
  /** STRING counter per year for SR-<year>-<6 digits> and CS-<year>-<6 digits>, no TTL. */
  sequence(kind: 'SR' | 'CS', year: number) {
    return `${this.prefix}:seq:${kind}:${year}`;
  }
  /** ZSET reference → submitted-at ms, one per status. */
  requestsByStatus(status: string) {
    return `${this.prefix}:idx:req:status:${status}`;
  }
  /** ZSET reference → submitted-at ms, one per national ID. */
  requestsByNationalId(nationalId: string) {
    return `${this.prefix}:idx:req:nid:${nationalId}`;
  }
  /** STRING (JSON Beneficiary), no TTL. */
  beneficiary(nationalId: string) {
    return `${this.prefix}:ben:${nationalId}`;
  }
  /** LIST of JSON changes to a beneficiary's data, newest last, no TTL. */
  beneficiaryHistory(nationalId: string) {
    return `${this.prefix}:ben:${nationalId}:history`;
  }
  /** STRING (JSON Complaint), no TTL. */
  complaint(reference: string) {
    return `${this.prefix}:cmp:${reference}`;
  }
  /** ZSET reference → recorded-at ms, all complaints and suggestions. */
  complaints() {
    return `${this.prefix}:idx:cmp`;
  }
  /** STRING (JSON result), TTL 30 days: an action already carried out for this idempotency key. */
  idempotent(key: string) {
    return `${this.prefix}:idem:${key}`;
  }
  /** STREAM of domain events (request submitted, service completed, ...), capped. */
  events() {
    return `${this.prefix}:events`;
  }
  /**
   * STRING (JSON Miss: masked text, channel, time, reason, locale, candidate topics; no address), TTL =
   * MISSES_RETENTION_DAYS from when it was written: a message the bot did not understand well enough.
   */
  miss(id: string) {
    return `${this.prefix}:miss:${id}`;
  }
  /** ZSET miss id → written-at ms, no TTL (entries older than the retention period are pruned on each write and read). */
  misses() {
    return `${this.prefix}:idx:miss`;
  }
  /** Prefix BullMQ puts before its own keys. */
  bullPrefix() {
    return `${this.prefix}:bull`;
  }
  /**
   * STRING "<jobId>|<previous jobId>|<q once queued>", TTL = outbound dedupe window (at most a day, less than the
   * conversation TTL): the delivery job a conversation turn was queued as, so a turn handled again
   * after a crash is queued once. `key` is the runner's turn key.
   */
  outboundTurn(key: string) {
    return `${this.prefix}:out:turn:${key}`;
  }
  /** STRING jobId, TTL 7 days: the last delivery job queued for a conversation; the next one waits for it. */
  outboundTail(ref: Pick<ConversationRef, 'channel' | 'address'>) {
    return `${this.prefix}:out:tail:${this.conv(ref)}`;
  }
  /** HASH {mimeType, name, size, data (bytes)}, TTL 90 days: a file a beneficiary sent (WhatsApp media). */
  attachment(id: string) {
    return `${this.prefix}:att:${id}`;
  }
  /** HASH {user, locale, createdAt}, TTL 1 hour until the visitor writes, then the conversation TTL: a Direct Line conversation of the web chat. */
  webchatConversation(conversationId: string) {
    return `${this.prefix}:wc:conv:${conversationId}`;
  }
  /** LIST of JSON activities, index = watermark = `webchat:sequence-id`, same TTL as its conversation: the web chat transcript. */
  webchatActivities(conversationId: string) {
    return `${this.prefix}:wc:act:${conversationId}`;
  }
  /** Pub/sub channel (no key): "<first sequence id>\n<activity JSON>\n…" for each append, so every process feeds its open WebSockets. */
  webchatStream(conversationId: string) {
    return `${this.prefix}:wc:pub:${conversationId}`;
  }
  /** STRING "<sequence id>|<activity id>", TTL = conversation TTL: an append already made for this idempotency key (a re-sent reply, a re-posted activity). */
  webchatOnce(key: string) {
    return `${this.prefix}:wc:once:${key}`;
  }
  /** STRING, no TTL: the key signing web chat tokens when WEBCHAT_TOKEN_SECRET is unset (generated once, shared by every process). */
  webchatSecret() {
    return `${this.prefix}:wc:secret`;
  }
  /** STRING (JSON Bot Framework ConversationReference), TTL = conversation TTL: where replies to an Azure Bot Service conversation go. */
  webchatAzureRef(address: string) {
    return `${this.prefix}:wc:azure:${address}`;
  }
  /**
   * HASH {job, address, message (JSON reply), template, status, statusAt, errorCode, errorTitle}, TTL 7 days:
   * one message the WhatsApp Cloud API accepted (`wamid`), written when the send returns it, so a
   * delivery status (sent, delivered, read, failed) is recorded on its outbound job, and a late
   * "outside the 24-hour window" failure can still become the notice's template.
   */
  whatsappSent(wamid: string) {
    return `${this.prefix}:wa:sent:${wamid}`;
  }
  /** STRING wamid, TTL 7 days: a part (`<message index>.<part>`) of an outbound job WhatsApp already accepted, so a retry skips it. */
  whatsappSentPart(job: string, part: string) {
    return `${this.prefix}:wa:part:${job}:${part}`;
  }
  /**
   * LIST of JSON {ref, message, reason, code, at, job}, no TTL (never dropped): notices WhatsApp refused outside the
   * 24-hour window with no approved template to send instead, newest last, for the officers' console.
   */
  whatsappHeld() {
    return `${this.prefix}:wa:held`;
  }
  /** STRING (zip bytes), no TTL: a WhatsApp Web session saved by RemoteAuth, so a restart needs no new QR scan. */
  whatsappSession(name: string) {
    return `${this.prefix}:wa:session:${name}`;
  }
}
