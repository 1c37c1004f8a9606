/** The audit log of user changes, written with Spring Data Cassandra on the starter's session. */
package io.github.asynccassandra.sample.audit;
