package io.quarentena.simulation;

import io.quarentena.Channel;
import java.time.LocalDate;

/**
 * How many customers a channel's entries still block on one day after the load date, under each
 * policy. Computed from the entries' last days alone: no new contact is assumed, so the counts only
 * fall (an open-ended entry counts every day).
 *
 * @param channel the channel whose rule made the entries
 * @param day days after the load date, 0 for the load date itself
 * @param date the load date plus {@code day}
 * @param current customers blocked on that date under the current policy
 * @param candidate customers blocked on that date under the candidate policy
 */
public record ForecastDay(Channel channel, int day, LocalDate date, long current, long candidate) {}
