/**
 * Flink-native serializers for every HCL type kept in state or sent between operators, so the job runs with
 * {@code pipeline.generic-types: false} (nothing falls back to Kryo). Each serializer's snapshot accepts the Kryo
 * snapshot of the type it replaces as compatible after migration: a savepoint of before (Kryo) restores, is read
 * with Kryo once and written in the new format from the next checkpoint on. {@link HclTypes#register()} installs
 * the type factories; see docs/upgrades.md.
 */
package io.maximus.hcl.operators.types;
