import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMailEmulator, type MailEmulator } from "./server";

let mail: MailEmulator;
beforeAll(async () => {
  mail = await startMailEmulator({ smtpPort: 0, webPort: 0 });
});
afterAll(async () => mail?.close());

describe("the demo's mail catcher", () => {
  it("catches what nodemailer sends over SMTP and lists it on its web API, filtered by recipient", async () => {
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port: mail.smtpPort, secure: false });
    await transport.sendMail({ from: "ModelGate <modelgate@localhost>", to: "priya.shah@contoso.example", subject: "Approved: #12 search-gpt-4o-2", text: "Alex Kim approved your request." });
    await transport.sendMail({ from: "ModelGate <modelgate@localhost>", to: "alex.kim@contoso.example", subject: "New request: #13", text: "Marcus asks…" });
    transport.close();
    const all = (await (await fetch(`${mail.webUrl}/api/messages`)).json()) as { messages: { subject: string; to: string[]; from: string; text: string }[] };
    expect(all.messages.map((m) => m.subject)).toEqual(["New request: #13", "Approved: #12 search-gpt-4o-2"]);
    expect(all.messages[1]).toMatchObject({ from: "modelgate@localhost", to: ["priya.shah@contoso.example"], text: "Alex Kim approved your request." });
    const priya = (await (await fetch(`${mail.webUrl}/api/messages?to=PRIYA.SHAH@contoso.example`)).json()) as { messages: unknown[] };
    expect(priya.messages).toHaveLength(1);
    expect((await fetch(`${mail.webUrl}/nope`)).status).toBe(404);
  });
});
