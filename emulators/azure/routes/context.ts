/**
 * What every ARM route module gets: the request context, the world, fault controls, and helpers for ARM's
 * paging (`nextLink`) and long-running operation headers (`Azure-AsyncOperation`, `Location`).
 */
import type { HttpResult, Router } from "../../shared/http-router";
import { PROVIDER } from "../arm";
import type { AzureWorld } from "../engine";
import type { FaultControls } from "../switches";
import type { TemplateDeployments } from "../template-deployments/deployments";
import type { StoredOperation } from "../state";

export interface ArmContext {
  params: Record<string, string>;
  query: URLSearchParams;
  url: URL;
  apiVersion: string;
  body: unknown;
  /** Who is calling: the token's user or app, or a fixed demo principal. */
  principal: string;
}

export type ArmHandler = (ctx: ArmContext) => HttpResult;
export type ArmRouter = Router<ArmHandler>;

export const SUB = "/subscriptions/:subscriptionId";
export const RG = `${SUB}/resourceGroups/:resourceGroupName/providers/${PROVIDER}`;
export const ACCOUNT = `${RG}/accounts/:accountName`;
export const DEPLOYMENT = `${ACCOUNT}/deployments/:deploymentName`;
export const LOCATION = `${SUB}/providers/${PROVIDER}/locations/:location`;

export interface RouteKit {
  world: AzureWorld;
  faults: FaultControls;
  /** Microsoft.Resources template deployments. */
  templates: TemplateDeployments;
  /** The emulator's own base URL (known once it listens). */
  baseUrl(): string;
  /** Items per page before a `nextLink` is returned. */
  pageSize: number;
}

/** Checks the path's subscription is the emulator's. */
export function requireSub(kit: RouteKit, ctx: ArmContext): void {
  kit.world.requireSubscription(ctx.params.subscriptionId);
}

/** One page of a list, with ARM's `nextLink` (`$skipToken`) when more items follow. */
export function page(kit: RouteKit, items: unknown[], ctx: ArmContext): HttpResult {
  const skip = Math.max(0, Number.parseInt(ctx.query.get("$skipToken") ?? "0", 10) || 0);
  const value = items.slice(skip, skip + kit.pageSize);
  const body: Record<string, unknown> = { value };
  if (skip + kit.pageSize < items.length) {
    const next = new URL(ctx.url.pathname + ctx.url.search, kit.baseUrl());
    next.searchParams.set("$skipToken", String(skip + kit.pageSize));
    body.nextLink = next.toString();
  }
  return { status: 200, body };
}

/** `Retry-After` in whole seconds for an operation's step, when it is at least one second. */
export function retryAfterHeader(stepMs: number): Record<string, string> {
  const seconds = Math.round(stepMs / 1000);
  return seconds > 0 ? { "Retry-After": String(seconds) } : {};
}

/** The headers ARM sends with an accepted long-running operation on a Cognitive Services resource. */
export function operationHeaders(kit: RouteKit, op: StoredOperation, apiVersion: string): Record<string, string> {
  const base = `${kit.baseUrl()}/subscriptions/${kit.world.subscriptionId}/providers/${PROVIDER}/locations/${op.location}`;
  return {
    "Azure-AsyncOperation": `${base}/operationStatuses/${op.id}?api-version=${apiVersion}`,
    Location: `${base}/operationResults/${op.id}?api-version=${apiVersion}`,
    ...retryAfterHeader(op.stepMs),
  };
}
