/**
 * The one way user text (justifications, approver comments, override reasons, names) goes to GitHub.
 * GitHub renders markdown and then links what it recognises in the text: links, images, HTML, headings,
 * tables, `#123` / `owner/repo#1` references, `@` mentions, bare URLs. Text passed through here shows as
 * the person typed it and does none of that.
 */

// Bidirectional controls reorder what a reviewer sees ("Trojan Source"); shown by name instead.
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// Other invisible controls (C0/C1 except tab and newline, zero-width characters a person did not mean).
const OTHER_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const ASCII_PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;
const ZWSP = "\u200b";
/** GitHub refuses comments and bodies over 65,536 characters; user text gets a share well under that. */
const MAX_LENGTH = 20_000;

/**
 * Escapes user text for GitHub markdown, as one line (newlines become spaces): every markdown character is
 * backslash-escaped (CommonMark), and a zero-width space breaks what GitHub links after rendering.
 */
export function escapeGitHubText(text: string): string {
  const clean = text
    .slice(0, MAX_LENGTH)
    .replace(/\r\n?|\n/g, " ")
    .replace(BIDI_CONTROLS, (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}]`)
    .replace(OTHER_CONTROLS, "");
  return (
    clean
      .replace(ASCII_PUNCTUATION, (c) => `\\${c}`)
      // After rendering, GitHub links @mentions, #123 / GH-123 references, bare URLs and www. addresses in
      // the text itself; a zero-width space keeps each from matching.
      .replace(/@/g, `@${ZWSP}`)
      .replace(/#/g, `#${ZWSP}`)
      .replace(/(\b(?:gh|GH)\\-)(?=\d)/g, `$1${ZWSP}`)
      .replace(/:\\\//g, `:${ZWSP}\\/`)
      .replace(/\bwww\\\./gi, (m) => `${m.slice(0, 3)}${ZWSP}${m.slice(3)}`)
  );
}

/** Multi-line user text as a markdown quote block, each line escaped. */
export function quoteGitHubText(text: string): string {
  const lines = text.trim().slice(0, MAX_LENGTH).split(/\r\n?|\n/);
  return lines.map((line) => (line.trim() === "" ? ">" : `> ${escapeGitHubText(line)}`)).join("\n");
}
