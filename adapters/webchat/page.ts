import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { AssociationProfile } from '../../src/domain/profile.js';
import { VENDOR_DIR } from './copy-bundle.js';
import { SanadError } from '../../src/errors.js';
import { pageTexts } from './texts.js';

/** Static files of the page, kept in memory with a gzip copy and an ETag. */
interface Asset {
  body: Buffer;
  gzip: Buffer;
  etag: string;
  type: string;
}

function asset(body: Buffer, type: string): Asset {
  return { body, gzip: gzipSync(body), etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 16)}"`, type };
}

/**
 * Everything the page may load comes from this server: scripts, styles, the widget, its
 * WebSocket and uploads. `'unsafe-inline'` styles are Web Chat's own (it styles with emotion).
 */
const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "connect-src 'self' blob:",
  // Web Chat makes upload thumbnails in a worker it starts from a blob: URL.
  "worker-src 'self' blob:",
  "font-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON placed inside a <script> element: `<` escaped so no text can close the element. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

export interface PageOptions {
  profile: AssociationProfile;
  log: Logger;
  /** Folder with page.js, page.css and embed.js (the repository's `public/`). */
  publicDir: string;
  /** Folder with webchat.js, copied from botframework-webchat at install time. */
  vendorDir?: string;
  publicUrl?: string | undefined;
}

/**
 * The association's page at `/` (name, contact, the widget; Arabic right to left with an
 * English switch), the widget alone at `/chat` (what the embed's panel shows), `/embed.js`,
 * and the static files, all served from memory.
 */
export async function pageRoutes(app: FastifyInstance, o: PageOptions): Promise<{ bundle: boolean }> {
  const { profile } = o;
  const vendor = join(o.vendorDir ?? VENDOR_DIR, 'webchat.js');
  const bundle = existsSync(vendor) ? asset(readFileSync(vendor), 'application/javascript; charset=utf-8') : undefined;
  if (!bundle) {
    o.log.error(
      { file: vendor },
      'webchat: the widget bundle public/vendor/webchat.js is missing, so the chat page cannot show the chat. Run `npm install` (with dev dependencies) or `npm run webchat:bundle`.',
    );
  }
  const read = (name: string, type: string) => asset(readFileSync(join(o.publicDir, name)), type);
  const assets: Record<string, Asset> = {
    '/webchat/page.js': read('webchat/page.js', 'application/javascript; charset=utf-8'),
    '/webchat/page.css': read('webchat/page.css', 'text/css; charset=utf-8'),
    '/favicon.svg': asset(Buffer.from(favicon(profile.colour)), 'image/svg+xml'),
  };
  const embedSource = readFileSync(join(o.publicDir, 'embed.js'), 'utf8');
  const version = (a: Asset) => a.etag.slice(1, 9);

  const send = (req: FastifyRequest, reply: FastifyReply, a: Asset, cache: string) => {
    void reply.header('ETag', a.etag).header('Cache-Control', cache).header('Vary', 'Accept-Encoding').type(a.type);
    if (req.headers['if-none-match'] === a.etag) return reply.code(304).send();
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return reply.header('Content-Encoding', 'gzip').send(a.gzip);
    return reply.send(a.body);
  };
  for (const [path, a] of Object.entries(assets)) {
    app.get(path, { logLevel: 'warn' }, (req, reply) => send(req, reply, a, 'no-cache'));
  }
  app.get('/favicon.ico', { logLevel: 'warn' }, (req, reply) => send(req, reply, assets['/favicon.svg']!, 'public, max-age=86400'));
  app.get('/vendor/webchat.js', { logLevel: 'warn' }, (req, reply) => {
    if (!bundle) {
      throw new SanadError('SANAD_ERR_WEBCHAT_BUNDLE', 'the chat widget file is missing on the server: run `npm install` with dev dependencies, or `npm run webchat:bundle`');
    }
    // The URL carries the file's hash (`?v=`), so it may be cached for good.
    return send(req, reply, bundle, 'public, max-age=31536000, immutable');
  });

  const page = (req: FastifyRequest, reply: FastifyReply, embedded: boolean) => {
    const q = req.query as { lang?: string; embed?: string };
    const lang = q.lang === 'en' ? 'en' : 'ar';
    const html = renderPage({
      profile,
      lang,
      embedded: embedded || q.embed === '1',
      scripts: bundle ? [`/vendor/webchat.js?v=${version(bundle)}`, `/webchat/page.js?v=${version(assets['/webchat/page.js']!)}`] : [`/webchat/page.js?v=${version(assets['/webchat/page.js']!)}`],
      css: `/webchat/page.css?v=${version(assets['/webchat/page.css']!)}`,
    });
    return reply
      .type('text/html; charset=utf-8')
      .header('Content-Security-Policy', PAGE_CSP)
      .header('Cache-Control', 'no-cache')
      .header('Referrer-Policy', 'no-referrer')
      .header('X-Content-Type-Options', 'nosniff')
      .send(html);
  };
  app.get('/', (req, reply) => page(req, reply, false));
  app.get('/chat', (req, reply) => page(req, reply, true));

  const embed = asset(
    Buffer.from(
      `/* Sanad chat bubble: ${profile.name.en} */\n(function (cfg) {\n'use strict';\n${embedSource}\n})(${scriptJson({
        colour: profile.colour,
        name: profile.name,
        texts: { openChat: pageTexts.openChat, closeChat: pageTexts.closeChat },
      })});\n`,
    ),
    'application/javascript; charset=utf-8',
  );
  app.get('/embed.js', { logLevel: 'warn' }, (req, reply) => {
    // Loaded by other websites: cached for an hour, then checked again.
    void reply.header('Access-Control-Allow-Origin', '*').header('Cross-Origin-Resource-Policy', 'cross-origin');
    return send(req, reply, embed, 'public, max-age=3600');
  });
  return { bundle: Boolean(bundle) };
}

interface RenderOptions {
  profile: AssociationProfile;
  lang: 'ar' | 'en';
  embedded: boolean;
  scripts: string[];
  css: string;
}

/** The page's HTML: the visible text is in the chosen language; the script holds both for the switch. */
export function renderPage(o: RenderOptions): string {
  const { profile: p, lang } = o;
  const tx = (k: keyof typeof pageTexts) => `<span data-t="${k}">${escapeHtml(pageTexts[k][lang])}</span>`;
  const row = (key: keyof typeof pageTexts, value: string) => `<dt data-t="${key}">${escapeHtml(pageTexts[key][lang])}</dt><dd>${value}</dd>`;
  const c = p.contact;
  const digits = (s: string) => s.replace(/[^\d+]/g, '');
  const contact = [
    row('phone', `<a class="ltr" dir="ltr" href="tel:${escapeHtml(digits(c.phone))}">${escapeHtml(c.phone)}</a>`),
    c.whatsapp ? row('whatsapp', `<a class="ltr" dir="ltr" href="https://wa.me/${escapeHtml(digits(c.whatsapp).replace(/^\+/, ''))}" rel="noopener" target="_blank">${escapeHtml(c.whatsapp)}</a>`) : '',
    c.email ? row('email', `<a class="ltr" dir="ltr" href="mailto:${escapeHtml(c.email)}">${escapeHtml(c.email)}</a>`) : '',
    row('address', `<span data-p="address">${escapeHtml(c.address[lang])}</span>`),
    row('hours', `<span data-p="workingHours">${escapeHtml(p.workingHours[lang])}</span>`),
  ].join('');
  const config = {
    lang,
    embedded: o.embedded,
    colour: p.colour,
    name: p.name,
    initials: { ar: [...p.name.ar.replace(/^جمعية\s+/, '')][0] ?? 'س', en: [...p.name.en][0] ?? 'S' },
    profile: { name: p.name, address: c.address, workingHours: p.workingHours },
    texts: pageTexts,
  };
  return `<!doctype html>
<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(p.name[lang])}</title>
<meta name="theme-color" content="${p.colour}">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${o.css}">
<style>:root{--brand:${p.colour}}</style>
</head>
<body${o.embedded ? ' class="embedded"' : ''}>
<header>
<div class="logo" aria-hidden="true">${escapeHtml(config.initials[lang])}</div>
<div class="titles"><h1 data-p="name">${escapeHtml(p.name[lang])}</h1><p>${tx('tagline')}</p></div>
<button id="lang" type="button" lang="${lang === 'ar' ? 'en' : 'ar'}" data-t="switchLanguage">${escapeHtml(pageTexts.switchLanguage[lang])}</button>
</header>
<main>
<section class="about" aria-labelledby="contact-title">
<h2 id="contact-title" data-t="contactTitle">${escapeHtml(pageTexts.contactTitle[lang])}</h2>
<dl>${contact}</dl>
<p class="note">${tx('privacy')}</p>
</section>
<section class="chat"><div id="webchat" role="region" aria-label="${escapeHtml(pageTexts.chatTitle[lang])}"><p class="status" role="status">${escapeHtml(pageTexts.loading[lang])}</p></div></section>
</main>
<script type="application/json" id="sanad-config">${scriptJson(config)}</script>
${o.scripts.map((s) => `<script src="${s}"></script>`).join('\n')}
</body>
</html>
`;
}

function favicon(colour: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><circle cx="32" cy="32" r="30" fill="${colour}"/><path d="M18 20h28a4 4 0 0 1 4 4v14a4 4 0 0 1-4 4H30l-8 7v-7h-4a4 4 0 0 1-4-4V24a4 4 0 0 1 4-4z" fill="#fff"/></svg>`;
}
