package io.quarentena.testing;

import io.quarentena.Channel;
import io.quarentena.ContactEvent;
import io.quarentena.QuarantinePolicy;
import io.quarentena.QuarantineRule;
import io.quarentena.Scope;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Seeded generators of policies and contact events shaped to hit the interesting cases: few
 * customers (so keys repeat), dates around every boundary, ties on the same day, future dates,
 * exempt categories and revoked records; and rows that are one contact or not: repeated lines,
 * sends on one day that differ in one value, send ids shared by two rows with other values (the
 * same send from two sources) and distinct send ids on rows with the same values. Shared with the
 * other modules' tests (test-jar).
 */
public final class ContactGenerator {

  private static final String[] SUBJECTS = {null, "Campanha", "Promoção", "Novo Produto", "ação"};
  private static final String[] CATEGORIES = {null, null, null, "transactional", "promo"};
  private static final String[] EMAILS = {null, "a@exemplo.com", "b@exemplo.com"};
  private static final String[] PHONES = {null, "999999999", "0119888"};
  private static final String[] PADDING = {"", "", "", " ", "\t"};
  private static final String[] SEND_CATEGORIES = {
    null, "transactional", " Transactional ", "\u00a0TRANSACTIONAL\u200b", "promo", "Promo\t"
  };

  private final Random random;

  /**
   * A generator.
   *
   * @param random the seeded source
   */
  public ContactGenerator(Random random) {
    this.random = random;
  }

  /**
   * A random policy over the six built-in channels plus, sometimes, a custom one: each rule a
   * random kind with small parameters, sometimes scoped, sometimes exempting {@code transactional}.
   *
   * @return the policy
   */
  public QuarantinePolicy policy() {
    List<Channel> channels = new ArrayList<>(Channel.builtIns());
    if (random.nextBoolean()) {
      channels.add(Channel.of("Push"));
    }
    QuarantinePolicy.Builder b = QuarantinePolicy.builder("generated");
    for (Channel c : channels) {
      QuarantineRule rule =
          switch (random.nextInt(5)) {
            case 0 -> QuarantineRule.openEnded(c);
            case 1, 2 ->
                QuarantineRule.frequencyCap(c, 1 + random.nextInt(4), 1 + random.nextInt(20));
            default -> QuarantineRule.fixedPeriod(c, random.nextInt(35));
          };
      if (random.nextInt(3) == 0) {
        rule = rule.scopedTo(Scope.only(c, channels.get(random.nextInt(channels.size()))));
      }
      if (random.nextInt(3) == 0) {
        rule = rule.exempting("transactional");
      }
      b.rule(rule);
    }
    return b.build();
  }

  /**
   * Random events on the policy's channels, dated from 60 days before to 3 days after the load
   * date. About one in four is made from an earlier one: the same row again (a repeated line), the
   * same day with one value changed (another send), or the earlier row's send id with other values
   * (the same send seen by another source, possibly on the day before or after; the earlier row is
   * given an id when it has none).
   *
   * @param policy the policy whose channels are used
   * @param loadDate the load date
   * @param count how many events
   * @return the events
   */
  public List<ContactEvent> events(QuarantinePolicy policy, LocalDate loadDate, int count) {
    List<Channel> channels = new ArrayList<>(policy.channels());
    List<ContactEvent> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int kind = out.isEmpty() ? -1 : random.nextInt(12);
      int j = out.isEmpty() ? -1 : random.nextInt(out.size());
      switch (kind) {
        case 0 -> out.add(out.get(j)); // a repeated line
        case 1 -> out.add(anotherSendOnTheSameDay(out.get(j)));
        case 2 -> {
          ContactEvent e = out.get(j);
          if (e.sendId() == null) {
            e = copy(e).sendId(sendId()).build();
            out.set(j, e);
          }
          out.add(theSameSendFromAnotherSource(e));
        }
        default -> out.add(event(channels.get(random.nextInt(channels.size())), loadDate));
      }
    }
    return out;
  }

  /**
   * A send on the same day as {@code e} that differs from it in one of e-mail, phone, subject and
   * category, and has another send id when {@code e} has one.
   */
  private ContactEvent anotherSendOnTheSameDay(ContactEvent e) {
    ContactEvent.Builder b = copy(e);
    if (e.sendId() != null) {
      b.sendId(e.sendId() + "-b");
    }
    switch (random.nextInt(4)) {
      case 0 -> b.email(other(EMAILS, e.email()));
      case 1 -> b.phone(other(PHONES, e.phone()));
      case 2 -> b.subject(other(SUBJECTS, e.subject()));
      default -> b.category(other(CATEGORIES, e.category()));
    }
    return b.build();
  }

  /**
   * The send of {@code e} (which has a send id) as another source reports it: the same id, padded
   * with blanks sometimes, other values picked again and the date moved by up to a day.
   */
  private ContactEvent theSameSendFromAnotherSource(ContactEvent e) {
    return ContactEvent.builder(
            e.customerId(), e.channel(), e.contactDate().plusDays(random.nextInt(3) - 1))
        .subject(pick(SUBJECTS))
        .email(pick(EMAILS))
        .phone(pick(PHONES))
        .category(pick(CATEGORIES))
        .revokedOn(e.revokedOn())
        .sendId(pick(PADDING) + e.sendId() + pick(PADDING))
        .build();
  }

  private String other(String[] values, String current) {
    String other = current;
    while (Objects.equals(other, current)) {
      other = pick(values);
    }
    return other;
  }

  private static ContactEvent.Builder copy(ContactEvent e) {
    return ContactEvent.builder(e.customerId(), e.channel(), e.contactDate())
        .subject(e.subject())
        .email(e.email())
        .phone(e.phone())
        .category(e.category())
        .revokedOn(e.revokedOn())
        .sendId(e.sendId());
  }

  /** A send id from a small pool, so that distinct sends of one customer share one sometimes. */
  private String sendId() {
    return "env-" + random.nextInt(25);
  }

  /**
   * One random event on a channel.
   *
   * @param channel the channel
   * @param loadDate the load date the dates are spread around
   * @return the event
   */
  public ContactEvent event(Channel channel, LocalDate loadDate) {
    LocalDate date = loadDate.minusDays(random.nextInt(64) - 3);
    LocalDate revoked = null;
    if (random.nextInt(4) == 0) {
      revoked = date.plusDays(random.nextInt(70));
    }
    return ContactEvent.builder(customerId(), channel, date)
        .subject(pick(SUBJECTS))
        .email(pick(EMAILS))
        .phone(pick(PHONES))
        .category(pick(CATEGORIES))
        .revokedOn(revoked)
        .sendId(random.nextInt(3) == 0 ? sendId() : null)
        .build();
  }

  /**
   * A customer id from a small pool: mostly 10-digit numbers, some with leading zeros, some
   * alphanumeric.
   *
   * @return the id
   */
  public String customerId() {
    int n = random.nextInt(40);
    return switch (n % 8) {
      case 0 -> "00" + (1000000 + n);
      case 1 -> "CLI-" + n;
      default -> Long.toString(1_000_000_000L + n);
    };
  }

  /**
   * The category of a send as a campaign's audience carries it: none, an exempt one written as
   * rules write it or padded, in capitals, with a no-break space or a zero width space, or another.
   *
   * @return the category, or null
   */
  public String sendCategory() {
    return pick(SEND_CATEGORIES);
  }

  /**
   * A random date within a range of days after a start.
   *
   * @param start the first date
   * @param days how many days the range spans
   * @return the date
   */
  public LocalDate date(LocalDate start, int days) {
    return start.plusDays(random.nextInt(days));
  }

  private <T> T pick(T[] values) {
    return values[random.nextInt(values.length)];
  }
}
