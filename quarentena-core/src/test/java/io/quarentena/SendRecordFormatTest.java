package io.quarentena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarentena.testing.ContactGenerator;
import io.quarentena.testing.Seeds;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SendRecordFormatTest {

  private static final LocalDate DAY = LocalDate.parse("2024-05-28");

  @Test
  void everyFieldSurvivesTheRoundTrip() {
    ContactEvent send =
        ContactEvent.builder("0012345678", Channel.of("Push"), DAY)
            .email("cliente@exemplo.com")
            .phone("+55 11 99999-0000")
            .subject("Promoção \"relâmpago\"\n\\ linha 2\t\u0001 \u2028 😀")
            .category("transactional")
            .revokedOn(DAY.plusDays(3))
            .sendId("campanha-42/0012345678")
            .build();
    assertThat(SendRecordFormat.decode(SendRecordFormat.encode(send))).isEqualTo(send);
  }

  @Test
  void absentValuesAreLeftOut() {
    ContactEvent send = ContactEvent.builder("1", Channel.CRM, DAY).sendId("s-1").build();
    assertThat(new String(SendRecordFormat.encode(send), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"v\":1,\"id_cliente\":\"1\",\"canal\":\"CRM\",\"data_envio\":\"2024-05-28\","
                + "\"id_envio\":\"s-1\"}");
    assertThat(SendRecordFormat.decode(SendRecordFormat.encode(send))).isEqualTo(send);
  }

  @Test
  void anyGeneratedSendSurvivesTheRoundTrip() {
    Seeds.forEach(
        200,
        (Random random) -> {
          ContactGenerator generator = new ContactGenerator(random);
          for (Channel channel : Channel.builtIns()) {
            ContactEvent send = generator.event(channel, DAY);
            assertThat(SendRecordFormat.decode(SendRecordFormat.encode(send))).isEqualTo(send);
          }
        });
  }

  @Test
  void aReaderIgnoresKeysItDoesNotKnowAndNulls() {
    String json =
        " { \"canal\" : \"Marketing\", \"v\": 1, \"futuro\": \"x\", \"id_cliente\": \"7\","
            + " \"data_envio\": \"2024-05-28\", \"email\": null, \"id_envio\": \"a\\u00e7\" } ";
    assertThat(SendRecordFormat.decode(json.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(ContactEvent.builder("7", Channel.MARKETING, DAY).sendId("aç").build());
  }

  @Test
  void anUnknownVersionIsRefusedByName() {
    assertThatThrownBy(() -> decode("{\"v\":2,\"id_cliente\":\"1\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version 2")
        .hasMessageContaining("reads version 1");
  }

  @Test
  void valuesThatAreNotSendsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> decode("not json")).hasMessageContaining("'{' expected");
    assertThatThrownBy(() -> decode("{\"id_cliente\":\"1\"}"))
        .hasMessageContaining("no format version");
    assertThatThrownBy(() -> decode("{\"v\":1,\"canal\":\"CRM\",\"data_envio\":\"2024-05-28\"}"))
        .hasMessageContaining("no 'id_cliente'");
    assertThatThrownBy(
            () ->
                decode("{\"v\":1,\"id_cliente\":\"1\",\"canal\":\"CRM\",\"data_envio\":\"28/05\"}"))
        .hasMessageContaining("'data_envio' is '28/05', not a date");
    assertThatThrownBy(
            () ->
                decode(
                    "{\"v\":1,\"id_cliente\":\"1\",\"canal\":\"C R M\",\"data_envio\":\"2024-05-28\"}"))
        .hasMessageContaining("not a valid send")
        .hasMessageContaining("C R M");
    assertThatThrownBy(() -> decode("{\"v\":1,\"v\":1}")).hasMessageContaining("appears twice");
    assertThatThrownBy(() -> decode("{\"v\":1} trailing")).hasMessageContaining("after the object");
    assertThatThrownBy(() -> decode("{\"v\":[1]}")).hasMessageContaining("arrays");
    assertThatThrownBy(() -> SendRecordFormat.decode(null)).hasMessageContaining("tombstone");
    assertThatThrownBy(() -> SendRecordFormat.decode(new byte[] {(byte) 0xff, '{'}))
        .hasMessageContaining("not UTF-8");
  }

  @Test
  void arbitraryBytesNeverEscapeAsAnotherException() {
    Seeds.forEach(
        300,
        (Random random) -> {
          byte[] valid =
              SendRecordFormat.encode(new ContactGenerator(random).event(Channel.CRM, DAY));
          byte[] broken = valid.clone();
          for (int k = 0; k < 1 + random.nextInt(3); k++) {
            broken[random.nextInt(broken.length)] = (byte) random.nextInt(256);
          }
          try {
            SendRecordFormat.decode(broken);
          } catch (IllegalArgumentException expected) {
            // refused with a reason: fine
          }
        });
  }

  private static ContactEvent decode(String json) {
    return SendRecordFormat.decode(json.getBytes(StandardCharsets.UTF_8));
  }
}
