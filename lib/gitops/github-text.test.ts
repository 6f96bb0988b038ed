import { micromark } from "micromark";
import { gfm, gfmHtml } from "micromark-extension-gfm";
import { describe, expect, it } from "vitest";
import { escapeGitHubText, quoteGitHubText } from "./github-text";

/** Renders as GitHub's markdown (CommonMark + GFM: tables, autolinks, strikethrough, raw HTML kept). */
const render = (md: string) => micromark(md, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
const visible = (html: string) => html.replace(/<[^>]+>/g, "").replace(/\u200b/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");

const NASTY = [
  "[click me](https://evil.example/phish)",
  "![tracker](https://evil.example/pixel.png)",
  "<img src=x onerror=alert(1)> <script>alert(1)</script>",
  "see #123 and contoso/platform#7 and GH-12",
  "ping @octocat and @contoso/platform-team",
  "https://evil.example/login and www.evil.example",
  "**bold** _em_ ~~gone~~ `code` | a | b |",
  "&amp; &#x41; &lt;b&gt;",
];

describe("escapeGitHubText", () => {
  for (const text of NASTY) {
    it(`shows ${JSON.stringify(text)} as typed, with no link, image, HTML or formatting`, () => {
      const html = render(escapeGitHubText(text));
      expect(html).not.toMatch(/<(a|img|script|strong|em|del|code|table|h\d)\b/);
      expect(visible(html).trim()).toBe(`<p>${text}</p>`.replace(/<\/?p>/g, ""));
    });
  }

  it("breaks what GitHub links after rendering: references, mentions, bare URLs", () => {
    const out = escapeGitHubText("#123 @octocat https://evil.example www.evil.example GH-12");
    expect(out).not.toMatch(/#\d/);
    expect(out).not.toMatch(/@[a-z]/i);
    expect(out).not.toMatch(/https?:\\?\/\\?\//);
    expect(out).not.toMatch(/www\\?\./);
    expect(out).not.toMatch(/GH\\?-\d/);
  });

  it("shows bidirectional controls by name and drops other control characters", () => {
    const out = escapeGitHubText("approve\u202Eevil\u2066x\u0007");
    expect(out).toBe("approve\\[U\\+202E\\]evil\\[U\\+2066\\]x");
    expect(out).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
  });
});

describe("quoteGitHubText", () => {
  it("keeps lines as a quote, and a ===== or --- line can't make a heading or a rule", () => {
    const md = quoteGitHubText("Looks wrong\n=====\nsecond\n---\n# not a heading\n\n> nested");
    const html = render(md);
    expect(html).not.toMatch(/<h\d|<hr/);
    expect(html.match(/<blockquote>/g)).toHaveLength(1);
    expect(visible(html)).toContain("=====");
    expect(visible(html)).toContain("# not a heading");
  });

  it("can't break out of the quote with fences or HTML blocks", () => {
    const html = render(quoteGitHubText("```\n</blockquote><a href=x>y</a>\n```"));
    expect(html).not.toMatch(/<pre|<a\b|<\/blockquote>\s*<a/);
  });
});
