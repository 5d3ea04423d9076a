/**
 * Live sends shared through Apache Kafka: {@link io.quarentena.kafka.KafkaSendLog}, the {@link
 * io.quarentena.SendLog} of a service whose instances share one topic; the value format of that
 * topic's records is the core's {@link io.quarentena.SendRecordFormat}.
 */
@NullMarked
package io.quarentena.kafka;

import org.jspecify.annotations.NullMarked;
