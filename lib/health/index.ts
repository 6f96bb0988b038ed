// Public surface of lib/health: what this process last saw of GitHub and Azure (every call it makes is an
// observation), for the readiness check. The composition root wires the observers into the clients.
export { createDependencyObservers, DependencyObserver, observeAzureClient, observeGitHubRequests, type DependencyObservers, type Observation, type RateLimitSeen } from "./observers";
