/**
 * Local servers for tests, benchmarks and demos: {@link io.maximus.hcl.knowledge.local.LocalPostgres} starts a
 * throwaway cluster of the machine's PostgreSQL (optionally with TimescaleDB). Main code, not test code, so that the
 * knowledge module's tests and the tools module's {@code hcl kb bench --timescale} share it without a test-jar.
 */
package io.maximus.hcl.knowledge.local;
