/**
 * A message's HTML made safe to show, and text made from it when the message has no text part
 * (docs/mail.md#how-a-message-is-decoded). The sanitised HTML runs no script (no script, style, iframe, object, form
 * elements, no event handlers, no javascript: links) and loads nothing from the network when it is opened: remote
 * images would tell the sender when and where a ticket was read, so only `cid:` images (parts of the message) and
 * `data:` images stay; a remote image is replaced by its alt text. Links open in a new tab without an opener or a
 * referrer.
 */
import { convert } from 'html-to-text';
import sanitizeHtml from 'sanitize-html';

/** HTML past this length is cut before it is sanitised: megabytes of markup would block the event loop too long. */
export const maxSanitizedHtmlChars = 2_000_000;

const colorValue = /^(#[0-9a-f]{3,8}|[a-z]+|rgba?\(\s*[\d.%\s,]+\))$/i;
const lengthValue = /^\d+(\.\d+)?(px|pt|em|rem|%)?$/i;

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: [
    ...sanitizeHtml.defaults.allowedTags.filter((tag) => tag !== 'style'),
    'img',
    'font',
    'center',
    'del',
    'ins',
    's',
    'u',
  ],
  allowedAttributes: {
    a: ['href', 'name', 'title', 'target', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    font: ['color'],
    td: ['colspan', 'rowspan', 'align', 'valign', 'width'],
    th: ['colspan', 'rowspan', 'align', 'valign', 'width'],
    table: ['width', 'border', 'cellpadding', 'cellspacing'],
    '*': ['dir', 'lang', 'style'],
  },
  allowedStyles: {
    '*': {
      color: [colorValue],
      'background-color': [colorValue],
      'text-align': [/^(left|right|center|justify)$/i],
      'font-weight': [/^(normal|bold|bolder|lighter|\d{3})$/i],
      'font-style': [/^(normal|italic|oblique)$/i],
      'text-decoration': [/^(none|underline|line-through|overline)$/i],
      'font-size': [lengthValue],
    },
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['cid', 'data'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // The text of these elements is not content: scripts, style sheets, the document title.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head', 'xml'],
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { target: '_blank', rel: 'noopener noreferrer nofollow' }),
    img: (tagName, attribs) => {
      const source = (attribs.src ?? '').trim().toLowerCase();
      if (source.startsWith('cid:') || source.startsWith('data:image/')) return { tagName, attribs };
      return { tagName: 'span', attribs: {}, text: attribs.alt ?? '' };
    },
  },
};

/** The sanitised HTML, or null when nothing visible is left (Outlook sends empty HTML alternatives). */
export function sanitizeMailHtml(html: string): string | null {
  const bounded = html.length > maxSanitizedHtmlChars ? html.slice(0, maxSanitizedHtmlChars) : html;
  const sanitized = sanitizeHtml(bounded, sanitizeOptions).trim();
  return sanitized === '' ? null : sanitized;
}

/** Text of sanitised HTML: no line wrapping (the text stays as written), quotes as `>` lines, images left out. */
export function textOfHtml(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true, linkBrackets: ['<', '>'] } },
      { selector: 'img', format: 'skip' },
    ],
  }).trim();
}
