/** Minimal HTML pages for refused requests: no scripts, no styles, so they pass the strict CSP as they are. */
export function errorPage(status: number, title: string, explanation: string): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><title>' + escapeHtml(`${status} ${title}`) + '</title></head>',
    `<body><h1>${escapeHtml(`${status} ${title}`)}</h1><p>${escapeHtml(explanation)}</p></body></html>`,
    '',
  ].join('\n');
}

/** The page shown without a valid token. */
export const UNAUTHORIZED_PAGE = errorPage(
  401,
  'Unauthorized',
  'This Control Station needs its access token. Open the exact URL that `station serve` printed (it ends in ?token=…); the token changes on every start.',
);

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
