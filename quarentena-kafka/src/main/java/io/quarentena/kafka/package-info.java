/**
 * Live sends shared through Apache Kafka: {@link io.quarentena.kafka.KafkaSendLog}, the {@link
 * io.quarentena.SendLog} of a service whose instances share one topic, and {@link
 * io.quarentena.kafka.SendRecordFormat}, the value format of that topic's records.
 */
@NullMarked
package io.quarentena.kafka;

import org.jspecify.annotations.NullMarked;
