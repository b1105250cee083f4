package dev.portico.loadtest.gen;

/** One stream of requests with a name: what to hit and how; a run may carry several at once. */
public record Workload(String label, Target target, Plan plan) {
}
