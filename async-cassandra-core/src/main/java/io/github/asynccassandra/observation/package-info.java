/**
 * Micrometer Observation of Cassandra requests: one {@code cassandra.query} observation per request,
 * whoever sends it through the cluster's session, with keys after OpenTelemetry's database conventions.
 * Needs {@code io.micrometer:micrometer-observation} on the class path; nothing here is loaded without it.
 */
@NullMarked
package io.github.asynccassandra.observation;

import org.jspecify.annotations.NullMarked;
