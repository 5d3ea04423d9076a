package io.quarentena.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarentena.Channel;
import io.quarentena.ContactEvent;
import io.quarentena.QuarantinePolicy;
import io.quarentena.QuarantineRule;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report opened in a real browser: Debian's {@code chromium}, headless, takes a screenshot
 * of the page, and the picture shows the chart — both policies' lines in their colours, many
 * colours on the page, not a blank or an error page. Where no browser is installed at {@code
 * /usr/bin/chromium} the test is skipped and says so (CI installs it: {@code apt-get install -y
 * chromium}).
 */
class SimulationReportBrowserTest {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  /** The policies' line colours in the report's chart. */
  static final int CURRENT_RGB = 0x1f77b4;

  static final int CANDIDATE_RGB = 0xd62728;

  @Test
  void theReportRendersItsChartInAHeadlessBrowser(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMIUM),
        "no chromium at /usr/bin/chromium: the report's browser screenshot is not checked here"
            + " (install Debian's chromium package to run it)");
    Path report = dir.resolve("simulation.html");
    Files.writeString(report, SimulationReport.html(result()), StandardCharsets.UTF_8);
    Path png = dir.resolve("simulation.png");
    BufferedImage image = screenshot(report, png, dir.resolve("profile"));

    System.out.printf(
        "screenshot %s: %d current, %d candidate pixels, %d colours%n",
        png,
        pixelsNear(image, CURRENT_RGB),
        pixelsNear(image, CANDIDATE_RGB),
        distinctColours(image));
    assertThat(image.getWidth()).isEqualTo(1200);
    assertThat(image.getHeight()).isEqualTo(900);
    // The chart's lines (stroke 2 px over 660 px) and legend squares (12 x 12 px) in each
    // policy's colour: far more than a legend alone, so the lines were drawn.
    assertThat(pixelsNear(image, CURRENT_RGB))
        .as("pixels of the current policy's line")
        .isGreaterThan(600);
    assertThat(pixelsNear(image, CANDIDATE_RGB))
        .as("pixels of the candidate policy's line")
        .isGreaterThan(600);
    assertThat(distinctColours(image)).as("distinct colours on the page").isGreaterThan(20);
  }

  /**
   * Marketing 7 → 30 days over 30 customers contacted 1 to 30 days before the load date: the
   * current line falls to 0 in a week, the candidate's over the month.
   */
  static SimulationResult result() {
    QuarantinePolicy current = QuarantinePolicy.defaults();
    QuarantinePolicy candidate =
        QuarantinePolicy.builder("long-marketing")
            .rules(current.rules())
            .replace(QuarantineRule.fixedPeriod(Channel.MARKETING, 30))
            .build();
    List<ContactEvent> contacts = new ArrayList<>();
    for (int d = 1; d <= 30; d++) {
      contacts.add(
          ContactEvent.of("c" + d, Channel.MARKETING, SimulationReportTest.LOAD.minusDays(d)));
    }
    return PolicySimulation.of(current, candidate).run(contacts, SimulationReportTest.LOAD);
  }

  static BufferedImage screenshot(Path report, Path png, Path profile)
      throws IOException, InterruptedException {
    Files.createDirectories(profile);
    Path log = png.resolveSibling("chromium.log");
    Process p =
        new ProcessBuilder(
                List.of(
                    CHROMIUM.toString(),
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--user-data-dir=" + profile,
                    "--screenshot=" + png,
                    "--window-size=1200,900",
                    report.toAbsolutePath().toUri().toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish in 120 s: " + Files.readString(log));
    }
    assertThat(p.exitValue())
        .as("chromium's exit status; its output: %s", Files.readString(log))
        .isZero();
    assertThat(png).as("chromium's output: %s", Files.readString(log)).exists();
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).as("a PNG ImageIO can read").isNotNull();
    return image;
  }

  static long pixelsNear(BufferedImage image, int rgb) {
    long n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int c = image.getRGB(x, y);
        if (Math.abs(((c >> 16) & 0xff) - ((rgb >> 16) & 0xff)) < 40
            && Math.abs(((c >> 8) & 0xff) - ((rgb >> 8) & 0xff)) < 40
            && Math.abs((c & 0xff) - (rgb & 0xff)) < 40) {
          n++;
        }
      }
    }
    return n;
  }

  static int distinctColours(BufferedImage image) {
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        colours.add(image.getRGB(x, y) & 0xffffff);
      }
    }
    return colours.size();
  }
}
