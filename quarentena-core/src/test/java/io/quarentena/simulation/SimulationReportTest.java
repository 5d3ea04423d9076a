package io.quarentena.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.Channel;
import io.quarentena.ContactEvent;
import io.quarentena.QuarantinePolicy;
import io.quarentena.QuarantineRule;
import java.io.StringReader;
import java.time.LocalDate;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** The HTML report: self-contained, well-formed, escaped. */
class SimulationReportTest {

  static final LocalDate LOAD = LocalDate.parse("2024-05-28");

  static SimulationResult result(String currentName, String candidateName) {
    QuarantinePolicy current =
        QuarantinePolicy.builder(currentName).rules(QuarantinePolicy.defaults().rules()).build();
    QuarantinePolicy candidate =
        QuarantinePolicy.builder(candidateName)
            .rules(current.rules())
            .replace(QuarantineRule.fixedPeriod(Channel.MARKETING, 5))
            .build();
    List<ContactEvent> contacts =
        List.of(
            ContactEvent.of("<script>alert(1)</script>", Channel.MARKETING, LOAD.minusDays(6)),
            ContactEvent.of("2", Channel.MARKETING, LOAD.minusDays(2)),
            ContactEvent.of("3", Channel.CRM, LOAD.minusDays(20)));
    return PolicySimulation.of(current, candidate).run(contacts, LOAD);
  }

  static Document parse(String html) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setNamespaceAware(true);
    return f.newDocumentBuilder().parse(new InputSource(new StringReader(html)));
  }

  @Test
  void thePageIsWellFormedWithOneChartLinePerPolicy() throws Exception {
    String html = SimulationReport.html(result("default", "short"));
    Document doc = parse(html);
    NodeList svgs = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg");
    assertThat(svgs.getLength()).isEqualTo(1);
    NodeList lines = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "polyline");
    assertThat(lines.getLength()).isEqualTo(2);
    for (int i = 0; i < 2; i++) {
      String points = lines.item(i).getAttributes().getNamedItem("points").getNodeValue();
      assertThat(points.split(" ")).hasSize(31);
    }
    assertThat(html).contains("Marketing: 7 days → 5 days");
    // nothing fetched from anywhere: no script, link, image or reference
    assertThat(html).doesNotContain("<script", "<link", "<img", "src=", "href=", "url(");
  }

  @Test
  void everyTextIsEscaped() throws Exception {
    String html = SimulationReport.html(result("a<b & \"c\"", "x<y>'z'"));
    parse(html); // still well-formed
    assertThat(html).doesNotContain("a<b", "x<y", "<script>");
    assertThat(html).contains("a&lt;b &amp; &quot;c&quot;", "x&lt;y&gt;&#39;z&#39;");
    assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
  }

  @Test
  void aZeroDayHorizonStillDrawsALine() throws Exception {
    QuarantinePolicy p = QuarantinePolicy.defaults();
    SimulationResult r =
        PolicySimulation.of(p, p)
            .horizonDays(0)
            .run(List.of(ContactEvent.of("1", Channel.CRM, LOAD)), LOAD);
    Document doc = parse(SimulationReport.html(r));
    assertThat(doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "polyline").getLength())
        .isEqualTo(2);
    assertThat(SimulationReport.html(r)).contains("The rules are the same.");
  }

  @Test
  void theChartsScaleEndsOnARoundNumberAtOrAboveTheLargestCount() {
    assertThat(SimulationReport.niceCeiling(1)).isEqualTo(4);
    assertThat(SimulationReport.niceCeiling(9)).isEqualTo(10);
    assertThat(SimulationReport.niceCeiling(801)).isEqualTo(1000);
    assertThat(SimulationReport.niceCeiling(1000)).isEqualTo(1000);
    assertThat(SimulationReport.niceCeiling(1001)).isEqualTo(2000);
    assertThat(SimulationReport.niceCeiling(2001)).isEqualTo(4000);
  }
}
