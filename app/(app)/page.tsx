import Link from "next/link";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { ROLE_LABELS, listNavItems, requireUser } from "@/lib/auth";
import { getConfig } from "@/lib/env";
import { loadStartTips } from "@/lib/read-models";
import { getServerContext } from "@/lib/server";

export const metadata = { title: "Home" };

const DESCRIPTIONS: Record<string, string> = {
  "/requests/new": "Pick an account, model, version, deployment type and capacity; ModelGate opens the pull request.",
  "/requests": "Follow your requests from pull request to a running deployment.",
  "/queue": "Review pending requests with their quota impact, checks and diff; approve, request changes or reject.",
  "/inventory": "Every deployment of every account, as the repository wants it and as Azure has it.",
  "/dashboards/quota": "Who holds which quota in each region, what pending requests will take, where it runs out, and what to ask Azure for.",
  "/dashboards/delivery": "How fast requests flow: volume per team, lead time per stage, failures, rejections and what waits longest.",
};

export default async function HomePage() {
  const user = await requireUser("/");
  const teams = user.teams.map((t) => t.name).join(", ");
  // Demo people are told what they can try; a real deployment's users know why they came.
  const tips = getConfig().mode === "demo" ? await loadStartTips(await getServerContext(), user) : null;
  return (
    <>
      <PageHeader
        title={`Welcome, ${user.name.split(" ")[0]}`}
        description={`You are signed in as ${ROLE_LABELS[user.role]}${teams ? ` in team ${teams}` : ""}.`}
      />
      {tips ? (
        <div className="mb-6" data-testid="demo-tips">
          <Notice tone="info" title="Try this">
            <p>{tips[0]}</p>
            <p className="mt-1">{tips[1]}</p>
          </Notice>
        </div>
      ) : null}
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {listNavItems(user.role).map((item) => (
          <li key={item.href}>
            <Card className="h-full">
              <h2 className="text-base font-semibold">
                <Link href={item.href} className="hover:underline">
                  {item.label}
                </Link>
              </h2>
              <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{DESCRIPTIONS[item.href]}</p>
            </Card>
          </li>
        ))}
      </ul>
    </>
  );
}
