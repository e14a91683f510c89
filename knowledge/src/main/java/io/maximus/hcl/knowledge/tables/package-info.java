/**
 * The knowledge base's write statements, one class per table: the single owner of each table's insert/upsert text,
 * its conflict handling and its parameter order, used by the Flink job's JDBC sinks and by the API's repositories.
 */
package io.maximus.hcl.knowledge.tables;
