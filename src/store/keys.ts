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
  /**
   * LIST of JSON transcript lines, oldest first, at most 12, TTL = conversation TTL: the last lines of
   * a conversation not with an officer, handed over when a handoff opens. Written by the commit
   * script with the state (only a turn's new lines: the state does not carry them every turn).
   */
  recent(ref: Pick<ConversationRef, 'channel' | 'address'>) {
    return `${this.prefix}:recent:${this.conv(ref)}`;
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
  /** ZSET reference → submitted-at ms, one per conversation: the requests an officer sees beside a handed-over chat. */
  requestsByConversation(ref: Pick<ConversationRef, 'channel' | 'address'>) {
    return `${this.prefix}:idx:req:conv:${this.conv(ref)}`;
  }
  /** ZSET reference → submitted-at ms, one per mobile (+9665…): the desk's search by mobile. */
  requestsByMobile(mobile: string) {
    return `${this.prefix}:idx:req:mobile:${mobile}`;
  }
  /** ZSET "<reference>|<history index>" → at ms: decision notices recorded but not yet handed to the runner (the outbox swept after a restart). */
  requestNotices() {
    return `${this.prefix}:req:notices`;
  }
  /** STRING (JSON Beneficiary), no TTL. */
  beneficiary(nationalId: string) {
    return `${this.prefix}:ben:${nationalId}`;
  }
  /**
   * STRING E.164 mobile, TTL = conversation TTL: a number the channel itself proved belongs to the
   * person writing (the WhatsApp sender's number; a contact Telegram shared from his own account).
   */
  provenContact(ref: Pick<ConversationRef, 'channel' | 'address'>) {
    return `${this.prefix}:proof:${this.conv(ref)}`;
  }
  /**
   * STRING ms (when the first attempt began), TTL = outbound dedupe window: a WhatsApp send of
   * message `index` of delivery job `jobId` was started; a retry that finds it asks the chat whether it went.
   */
  whatsappSending(jobId: string, index: number) {
    return `${this.prefix}:wa:sending:${jobId}:${index}`;
  }
  /**
   * STRING counter, PX = the limit's window: one rate limit's hits (`http:<route>:<key>`, `lookup:nid:<id>`,
   * `admin:<ip>`); or ZSET id → its place in the window, for limits that count each id once
   * (`inbound-ids:<conv>`: a platform message id, however often it is delivered).
   */
  limit(name: string) {
    return `${this.prefix}:limit:${name}`;
  }
  /** SET of JSON ConversationRef, no TTL: where a beneficiary has written from with data matching his record (notices go there). */
  beneficiaryConversations(nationalId: string) {
    return `${this.prefix}:ben:${nationalId}:convs`;
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
  /** STRING (JSON {text, attachments}), TTL 7 days: what a person wrote, referenced by its event in the stream (`contentRef`). */
  eventContent(eventId: string) {
    return `${this.prefix}:evc:${eventId}`;
  }
  /** STREAM of privacy actions (retention sweeps, exports, erasures, rights requests): who, what, when; trimmed by age. */
  privacyAudit() {
    return `${this.prefix}:privacy:audit`;
  }
  /** ZSET national ID → time: beneficiaries who asked for a correction or a deletion (the officers' queue). */
  rightsRequests() {
    return `${this.prefix}:privacy:rights`;
  }
  /** LIST of JSON rights requests of one beneficiary (correction, deletion), newest last. */
  rightsOf(nationalId: string) {
    return `${this.prefix}:privacy:rights:${nationalId}`;
  }
  /** STREAM of domain events (request submitted, service completed, ...), trimmed by age (MINID); personal content only by reference. */
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
  /**
   * STRING jobId or 'declined', TTL = outbound dedupe window: the delivery job of the turn that answered
   * a platform message, or 'declined' when its acknowledgement went without the reply before the turn
   * was queued (written only for a channel that may answer in its acknowledgement: Telegram's webhook).
   */
  outboundOrigin(channel: string, messageId: string) {
    return `${this.prefix}:out:origin:${channel}:${messageId}`;
  }
  /**
   * STRING 'worker' or 'answer', TTL = outbound dedupe window: who sends a delivery job, set once, so a
   * turn goes out either through the worker or in the channel's acknowledgement (Telegram's webhook answer).
   */
  outboundClaim(jobId: string) {
    return `${this.prefix}:out:claim:${jobId}`;
  }
  /**
   * HASH {mimeType, name, size, conversation, createdAt, data (bytes)}: a file a beneficiary sent, on any
   * channel (`wc:<id>` web chat, `wa:<message id>` WhatsApp). TTL = the conversation's; 90 days once a request keeps it.
   */
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
  /** STRING '1', TTL = conversation TTL: the bot's last question asks for a document, so the visitor may upload (otherwise refused). */
  webchatUploadOpen(conversationId: string) {
    return `${this.prefix}:wc:upload:${conversationId}`;
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

  // ---- officers, handoffs and the console (issue 10) ----------------------------------

  /** HASH {id, email, name, role, disabled, hash (argon2id), availability, capacity, createdAt, updatedAt}, no TTL: an officer's account. */
  officer(id: string) {
    return `${this.prefix}:officer:${id}`;
  }
  /** HASH lower-cased email → officer id, no TTL: logging in by email. */
  officersByEmail() {
    return `${this.prefix}:idx:officer:email`;
  }
  /** ZSET officer id → created-at ms, no TTL: every officer. */
  officers() {
    return `${this.prefix}:idx:officers`;
  }
  /** SET of handoff ids an officer holds now (status with-officer), no TTL: his load, for capacity and auto-assignment. */
  officerOpen(officerId: string) {
    return `${this.prefix}:officer:${officerId}:open`;
  }
  /** HASH {id, channel, address, userId, reason, status, officerId, lastOfficerId, locale, createdAt, waitingSince, claimedAt, closedAt, closedBy, notified}, no TTL while open, the retention TTL once closed: one handoff to an officer. */
  handoff(id: string) {
    return `${this.prefix}:handoff:${id}`;
  }
  /** LIST of JSON {from: beneficiary|bot|officer, text, at}, oldest first, same TTL as its handoff: the handoff's transcript. */
  handoffTranscript(id: string) {
    return `${this.prefix}:handoff:${id}:transcript`;
  }
  /** LIST of JSON audit entries {at, actor, action, detail}, same TTL as its handoff: who did what to this handoff. */
  handoffAudit(id: string) {
    return `${this.prefix}:handoff:${id}:audit`;
  }
  /** ZSET handoff id → waiting-since ms, one per status (queued, with-officer, resolved, bot); closed ones pruned after the retention period. */
  handoffsByStatus(status: string) {
    return `${this.prefix}:idx:handoff:status:${status}`;
  }
  /** STRING handoff id, no TTL while open: the open handoff of a conversation (deleted when it is closed or handed back). */
  handoffOfConversation(ref: Pick<ConversationRef, 'channel' | 'address'>) {
    return `${this.prefix}:handoff:conv:${this.conv(ref)}`;
  }
  /** STRING officer id, TTL 30 days: the officer who last served a conversation, to get a reopened chat back. */
  lastOfficer(ref: Pick<ConversationRef, 'channel' | 'address'>) {
    return `${this.prefix}:handoff:last-officer:${this.conv(ref)}`;
  }
  /** LIST of recent waits in ms (queued → claimed), newest first, capped at 50, no TTL: the rough wait told to a new beneficiary. */
  handoffWaits() {
    return `${this.prefix}:handoff:waits`;
  }
  /** STREAM of audit entries {at, actor, action, handoff | request | miss, detail}, capped at 100,000: every officer action, in order. */
  audit() {
    return `${this.prefix}:audit`;
  }
  /** STRING (JSON session {officerId, csrf secret, ...}), TTL = session TTL, renewed while used: a console session. */
  session(id: string) {
    return `${this.prefix}:session:${id}`;
  }
  /** STRING, no TTL: the key signing console session cookies when CONSOLE_SESSION_SECRET is unset (generated once, shared by every process). */
  consoleSecret() {
    return `${this.prefix}:console:secret`;
  }
  /** STRING counter, TTL = the rate-limit window: failed console logins for one email or one address. */
  loginAttempts(who: string) {
    return `${this.prefix}:login:fail:${who}`;
  }
  /**
   * STREAM, capped at about 1,000 entries (XADD MAXLEN ~), no TTL: the consoles' events (a handoff
   * queued, claimed, a new message, a low rating), field `e` = JSON with references only. Every
   * process's live feed reads it; a page that reconnects is sent what it missed from it (its ids
   * are the events' SSE ids).
   */
  consoleEvents() {
    return `${this.prefix}:console:events`;
  }
  /**
   * PUB/SUB channel (no key is stored): "the knowledge base learned an example, read it again",
   * JSON {from, at}. Every serving process subscribes and retrains (knowledge/sync.ts).
   */
  knowledgeLearned() {
    return `${this.prefix}:knowledge:learned`;
  }

  /** HASH (a satisfaction survey: service, channel, address, officer, link, status, times, answers), no TTL: the report reads them. */
  survey(id: string) {
    return `${this.prefix}:survey:${id}`;
  }
  /** ZSET survey id → sent-at ms: every survey that reached a beneficiary (the report's period filter). */
  surveysSent() {
    return `${this.prefix}:idx:survey:sent`;
  }
  /** ZSET `remind <id>` / `expire <id>` → due ms: the sent surveys' next follow-up, for the surveys worker's sweep. */
  surveyFollowUps() {
    return `${this.prefix}:idx:survey:follow-ups`;
  }
  /** ZSET survey id → answered-at ms: low ratings (1–2) for supervisors to look at. */
  surveysLow() {
    return `${this.prefix}:idx:survey:low`;
  }
}
